package dev.ecsdeployer.config;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One document per validation rule, each an example with one mistake, and the exact message a
 * user sees. {@code schemaToo} says whether the JSON Schema rejects it as well; the cases where
 * it is false are the rules only the parser can check (they compare fields with each other or
 * with the parameter name).
 */
final class RejectedCases {

    record Case(String rule, String example, UnaryOperator<Documents> edit, String message, boolean schemaToo) {

        Documents document() {
            return edit.apply(Documents.example(example));
        }

        @Override
        public String toString() {
            return rule;
        }
    }

    private static Case both(String rule, String example, UnaryOperator<Documents> edit, String message) {
        return new Case(rule, example, edit, message, true);
    }

    private static Case parserOnly(String rule, String example, UnaryOperator<Documents> edit, String message) {
        return new Case(rule, example, edit, message, false);
    }

    private static final String SECRET_MESSAGE = "must be a Secrets Manager ARN"
            + " arn:aws:secretsmanager:<region>:<account>:secret:<name>, optionally followed by"
            + " :<json-key>:<version-stage>:<version-id>, or an SSM parameter ARN"
            + " arn:aws:ssm:<region>:<account>:parameter/<name>";
    static final String REGISTRY = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0a1b2c3d4e5f6071";
    private static final String NAME_MESSAGE = "must be 1 to 255 letters, digits, hyphens or underscores";

    static final String PROD_TG =
            "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/myapp-prod-api/0a1b2c3d4e5f6071\"";
    static final String ADVANCED = "{\"alternateTargetGroupArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:"
            + "targetgroup/myapp-prod-api-green/0a1b2c3d4e5f6072\", \"productionListenerRule\":"
            + " \"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/myapp-prod-alb/4e5f60718293a4b5/"
            + "0123456789abcdef/0123456789abcdef\", \"roleArn\": \"arn:aws:iam::123456789012:role/ecs-blue-green\"}";
    static final String HOOK = "{\"hookTargetArn\": \"arn:aws:lambda:us-east-1:123456789012:function:ecs-deployer\","
            + " \"roleArn\": \"arn:aws:iam::123456789012:role/ecs-hook-invoke\","
            + " \"lifecycleStages\": [\"PRODUCTION_TRAFFIC_SHIFT\"]}";

    static final List<Case> ALL = List.of(
            // Structure
            both("unknown field, with a suggestion", "api-dev", d -> d.set("/taskDefinition/memroy", "512"),
                    "taskDefinition.memroy: is not a known field; did you mean \"memory\"?"),
            both("unknown field, no near name", "api-dev", d -> d.set("/logGroup/owner", "\"me\""),
                    "logGroup.owner: is not a known field; known fields: name, retentionDays"),
            both("wrong type", "api-dev", d -> d.set("/taskDefinition/cpu", "\"256\""),
                    "taskDefinition.cpu: \"256\" must be an integer"),
            both("environment value must be a string", "api-dev", d -> d.set("/taskDefinition/environment/PORT", "3001"),
                    "taskDefinition.environment.PORT: 3001 must be a string"),
            both("missing required field", "api-dev", d -> d.remove("/service/cluster"),
                    "service.cluster: is required"),
            both("project is required", "api-dev", d -> d.remove("/project"),
                    "project: is required (set it here or in the environment's _defaults document)"),
            both("cpuArchitecture", "api-dev", d -> d.set("/taskDefinition/cpuArchitecture", "\"arm64\""),
                    "taskDefinition.cpuArchitecture: \"arm64\" must be one of X86_64, ARM64"),
            both("driftPolicy", "api-dev", d -> d.set("/driftPolicy", "\"fix\""),
                    "driftPolicy: \"fix\" must be one of report, heal"),
            // Identity
            parserOnly("environment must match the parameter name", "api-dev", d -> d.set("/environment", "\"prod\""),
                    "environment: \"prod\" does not match the environment in the parameter name /ecs-deployer/dev/api"),
            parserOnly("name must match the parameter name", "api-dev", d -> d.set("/name", "\"web\""),
                    "name: \"web\" does not match the service in the parameter name /ecs-deployer/dev/api"),
            parserOnly("the ECS service name comes from the parameter name", "api-dev",
                    d -> d.set("/service/serviceName", "\"myapp-dev-web\""),
                    "service.serviceName: \"myapp-dev-web\" " + notDerived("\"myapp-dev-api\"")),
            parserOnly("the task family comes from the parameter name", "api-dev",
                    d -> d.set("/taskDefinition/family", "\"myapp-dev-web\""),
                    "taskDefinition.family: \"myapp-dev-web\" " + notDerived("\"myapp-dev-api\"")),
            parserOnly("the log group comes from the parameter name", "api-dev",
                    d -> d.set("/logGroup/name", "\"/ecs/myapp-dev/web\""),
                    "logGroup.name: \"/ecs/myapp-dev/web\" " + notDerived("\"/ecs/myapp-dev/api\"")),
            parserOnly("only _defaults may allow name overrides", "api-dev", d -> d.set("/allowNameOverrides", "true"),
                    "allowNameOverrides: true may be set only in the environment's defaults document"
                            + " /ecs-deployer/dev/_defaults: a service's config cannot give itself leave to manage"
                            + " names other than its own"),
            both("project name", "api-dev", d -> d.set("/project", "\"my app\""), "project: \"my app\" " + NAME_MESSAGE),
            // Image
            both("ECR repository name", "api-dev", d -> d.set("/image/repository", "\"MyApp/API\""),
                    "image.repository: \"MyApp/API\" must be an ECR repository name: 2 to 256 lowercase letters"
                            + " and digits, separated by '.', '_', '-' or '/'"),
            both("image tag", "api-dev", d -> d.set("/image/tag", "\".hidden\""),
                    "image.tag: \".hidden\" must be an image tag: up to 128 letters, digits, '_', '.' or '-',"
                            + " not starting with '.' or '-'"),
            both("ECR registry", "api-dev", d -> d.set("/image/registry", "\"docker.io\""),
                    "image.registry: \"docker.io\" must be an ECR registry: <12-digit account>.dkr.ecr.<region>.amazonaws.com"),
            // Task definition
            both("Fargate cpu", "api-dev", d -> d.set("/taskDefinition/cpu", "300"),
                    "taskDefinition.cpu: 300 is not a Fargate cpu; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384"),
            both("memory for cpu 256", "api-dev", d -> d.set("/taskDefinition/memory", "1536"),
                    "taskDefinition.memory: 1536 is not valid for cpu 256; allowed: 512, 1024, 2048"),
            both("memory for cpu 512", "api-prod", d -> d.set("/taskDefinition/memory", "3000"),
                    "taskDefinition.memory: 3000 is not valid for cpu 512; allowed: 1024, 2048, 3072, 4096"),
            both("memory for cpu 1024", "api-dev", d -> d.set("/taskDefinition/cpu", "1024").set("/taskDefinition/memory", "1024"),
                    "taskDefinition.memory: 1024 is not valid for cpu 1024; allowed: 2048, 3072, 4096, 5120, 6144, 7168, 8192"),
            both("memory for cpu 2048", "api-dev", d -> d.set("/taskDefinition/cpu", "2048").set("/taskDefinition/memory", "17408"),
                    "taskDefinition.memory: 17408 is not valid for cpu 2048; allowed: 4096 to 16384 in steps of 1024"),
            both("memory for cpu 4096", "api-dev", d -> d.set("/taskDefinition/cpu", "4096").set("/taskDefinition/memory", "4096"),
                    "taskDefinition.memory: 4096 is not valid for cpu 4096; allowed: 8192 to 30720 in steps of 1024"),
            both("memory for cpu 8192 (4 GB steps)", "api-dev", d -> d.set("/taskDefinition/cpu", "8192").set("/taskDefinition/memory", "18432"),
                    "taskDefinition.memory: 18432 is not valid for cpu 8192; allowed: 16384 to 61440 in steps of 4096"),
            both("memory for cpu 16384 (8 GB steps)", "api-dev", d -> d.set("/taskDefinition/cpu", "16384").set("/taskDefinition/memory", "36864"),
                    "taskDefinition.memory: 36864 is not valid for cpu 16384; allowed: 32768 to 122880 in steps of 8192"),
            both("family name", "api-dev", d -> d.set("/taskDefinition/family", "\"myapp.dev.api\""),
                    "taskDefinition.family: \"myapp.dev.api\" " + NAME_MESSAGE),
            both("execution role ARN", "api-dev", d -> d.set("/taskDefinition/executionRoleArn", "\"arn:aws:iam::1234:role/x\""),
                    "taskDefinition.executionRoleArn: \"arn:aws:iam::1234:role/x\" must be an IAM role ARN:"
                            + " arn:aws:iam::<12-digit account>:role/<name>"),
            both("task role ARN", "api-dev", d -> d.set("/taskDefinition/taskRoleArn", "\"arn:aws:iam::123456789012:user/x\""),
                    "taskDefinition.taskRoleArn: \"arn:aws:iam::123456789012:user/x\" must be an IAM role ARN:"
                            + " arn:aws:iam::<12-digit account>:role/<name>"),
            both("container port range", "api-dev", d -> d.set("/taskDefinition/containerPort", "70000").remove("/taskDefinition/hostPort"),
                    "taskDefinition.containerPort: 70000 must be between 1 and 65535"),
            parserOnly("hostPort equals containerPort", "api-dev", d -> d.set("/taskDefinition/hostPort", "8080"),
                    "taskDefinition.hostPort: 8080 must equal containerPort 3001 (awsvpc network mode)"),
            both("environment variable name", "api-dev", d -> d.set("/taskDefinition/environment/1BAD", "\"x\""),
                    "taskDefinition.environment: \"1BAD\" is not a valid variable name; use letters, digits and"
                            + " underscores, not starting with a digit"),
            both("secret valueFrom", "api-dev",
                    d -> d.set("/taskDefinition/secrets/DATABASE_PASSWORD", "\"arn:aws:secretsmanager:us-east-1:123456789012:db\""),
                    "taskDefinition.secrets.DATABASE_PASSWORD: \"arn:aws:secretsmanager:us-east-1:123456789012:db\" "
                            + SECRET_MESSAGE),
            both("a secret that is no reference is not quoted", "api-dev",
                    d -> d.set("/taskDefinition/secrets/DATABASE_PASSWORD", "\"hunter2\""),
                    "taskDefinition.secrets.DATABASE_PASSWORD: is not an ARN (its value is not shown: it may be the"
                            + " secret itself); it " + SECRET_MESSAGE),
            parserOnly("a variable is either plain or secret", "api-dev",
                    d -> d.set("/taskDefinition/environment/DATABASE_PASSWORD", "\"hunter2\""),
                    "taskDefinition.secrets: \"DATABASE_PASSWORD\" is also set in taskDefinition.environment;"
                            + " a variable must come from one place"),
            both("health check command", "api-dev", d -> d.set("/taskDefinition/healthCheck/command", "[\"wget\", \"-q\"]"),
                    "taskDefinition.healthCheck.command: [\"wget\", \"-q\"] must start with \"CMD\" or \"CMD-SHELL\","
                            + " followed by the command"),
            both("health check interval", "api-dev", d -> d.set("/taskDefinition/healthCheck/interval", "3"),
                    "taskDefinition.healthCheck.interval: 3 must be between 5 and 300 seconds"),
            both("health check timeout", "api-dev", d -> d.set("/taskDefinition/healthCheck/timeout", "61"),
                    "taskDefinition.healthCheck.timeout: 61 must be between 2 and 60 seconds"),
            both("health check retries", "api-dev", d -> d.set("/taskDefinition/healthCheck/retries", "0"),
                    "taskDefinition.healthCheck.retries: 0 must be between 1 and 10"),
            both("health check start period", "api-dev", d -> d.set("/taskDefinition/healthCheck/startPeriod", "301"),
                    "taskDefinition.healthCheck.startPeriod: 301 must be between 0 and 300 seconds"),
            both("stop timeout", "api-dev", d -> d.set("/taskDefinition/stopTimeout", "121"),
                    "taskDefinition.stopTimeout: 121 must be between 2 and 120 seconds (Fargate)"),
            // Log group
            both("log group name", "api-dev", d -> d.set("/logGroup/name", "\"ecs logs\""),
                    "logGroup.name: \"ecs logs\" must be 1 to 512 characters: letters, digits, '.', '_', '-', '/' or '#'"),
            both("log retention", "api-dev", d -> d.set("/logGroup/retentionDays", "10"),
                    "logGroup.retentionDays: 10 is not a CloudWatch Logs retention period; allowed: 1, 3, 5, 7, 14,"
                            + " 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
            // Service
            both("cluster name", "api-dev", d -> d.set("/service/cluster", "\"my cluster\""),
                    "service.cluster: \"my cluster\" " + NAME_MESSAGE),
            both("service name", "api-dev", d -> d.set("/service/serviceName", "\"api:v2\""),
                    "service.serviceName: \"api:v2\" " + NAME_MESSAGE),
            both("desired count", "api-dev", d -> d.set("/service/desiredCount", "-1"),
                    "service.desiredCount: -1 must be 0 or more"),
            both("desired count within ECS's quota", "api-dev", d -> d.set("/service/desiredCount", "5001"),
                    "service.desiredCount: 5001 must be 5000 or less (ECS's quota of tasks per service)"),
            both("at least one subnet", "api-dev", d -> d.set("/service/subnets", "[]"),
                    "service.subnets: [] must list at least one subnet"),
            both("subnet id", "api-dev", d -> d.set("/service/subnets/0", "\"subnet-xyz\""),
                    "service.subnets[0]: \"subnet-xyz\" must be subnet- followed by 8 or 17 hexadecimal digits"),
            both("at most 16 subnets", "api-dev", d -> d.set("/service/subnets", "[" + "\"subnet-0a1b2c3d\",".repeat(16) + "\"subnet-0a1b2c3d\"]"),
                    "service.subnets: lists 17 ids; ECS allows at most 16"),
            both("security group id", "api-dev", d -> d.set("/service/securityGroups/0", "\"default\""),
                    "service.securityGroups[0]: \"default\" must be sg- followed by 8 or 17 hexadecimal digits"),
            both("target group ARN", "api-dev", d -> d.set("/service/loadBalancer/targetGroupArn", "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api\""),
                    "service.loadBalancer.targetGroupArn: \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api\""
                            + " must be a target group ARN: arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex digits>"),
            both("load balancer ARN is an ALB", "api-dev", d -> d.set("/service/loadBalancer/loadBalancerArn",
                            "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/5f60718293a4b5c6\""),
                    "service.loadBalancer.loadBalancerArn: \"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/5f60718293a4b5c6\""
                            + " must be an Application Load Balancer ARN: arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex digits>"),
            both("minimum healthy percent", "api-dev", d -> d.set("/service/deployment/minimumHealthyPercent", "120"),
                    "service.deployment.minimumHealthyPercent: 120 must be between 0 and 100"),
            both("maximum percent", "api-dev", d -> d.set("/service/deployment/maximumPercent", "90"),
                    "service.deployment.maximumPercent: 90 must be 100 or more"),
            parserOnly("deployment percents leave room to replace a task", "realtime-dev",
                    d -> d.set("/service/deployment/maximumPercent", "150").set("/service/deployment/minimumHealthyPercent", "50"),
                    "service.deployment: maximumPercent 150 and minimumHealthyPercent 50 leave no room to replace a"
                            + " task when the service runs 1 task (at most 1 running, at least 1 healthy); raise"
                            + " maximumPercent or lower minimumHealthyPercent"),
            both("circuit breaker always on", "api-dev", d -> d.set("/service/deployment/circuitBreaker/enable", "false"),
                    "service.deployment.circuitBreaker.enable: false must be true: the deployer always rolls out"
                            + " with the circuit breaker and rollback"),
            both("circuit breaker always rolls back", "api-dev", d -> d.set("/service/deployment/circuitBreaker/rollback", "false"),
                    "service.deployment.circuitBreaker.rollback: false must be true: the deployer always rolls out"
                            + " with the circuit breaker and rollback"),
            both("health check grace period", "api-dev", d -> d.set("/service/healthCheckGracePeriodSeconds", "-1"),
                    "service.healthCheckGracePeriodSeconds: -1 must be 0 or more"),
            // Scaling
            both("scaling minimum", "api-dev", d -> d.set("/scaling/minCapacity", "-1"),
                    "scaling.minCapacity: -1 must be 0 or more"),
            both("scaling minimum within ECS's quota", "api-dev", d -> d.set("/scaling/minCapacity", "5001"),
                    "scaling.minCapacity: 5001 must be 5000 or less (ECS's quota of tasks per service)"),
            both("scaling maximum within ECS's quota", "api-dev", d -> d.set("/scaling/maxCapacity", "5001"),
                    "scaling.maxCapacity: 5001 must be 5000 or less (ECS's quota of tasks per service)"),
            parserOnly("scaling min <= max", "api-dev", d -> d.set("/scaling/minCapacity", "5"),
                    "scaling.minCapacity: 5 is greater than scaling.maxCapacity 4 (minCapacity defaults to service.desiredCount)"),
            both("policy target > 0", "api-dev", d -> d.set("/scaling/cpu/targetValue", "0"),
                    "scaling.cpu.targetValue: 0 must be greater than 0"),
            both("cooldown >= 0", "api-dev", d -> d.set("/scaling/memory/scaleInCooldown", "-1"),
                    "scaling.memory.scaleInCooldown: -1 must be 0 or more"),
            both("request count scaling needs the load balancer", "api-dev", d -> d.remove("/service/loadBalancer/loadBalancerArn"),
                    "scaling.requestCount: needs service.loadBalancer.loadBalancerArn (the policy's resource label is"
                            + " <load balancer>/<target group>)"),
            both("custom metric needs a namespace", "realtime-dev", d -> d.remove("/scaling/customMetric/namespace"),
                    "scaling.customMetric.namespace: is required"),
            both("step scaling needs a metric name", "realtime-dev", d -> d.remove("/scaling/stepScaling/metricName"),
                    "scaling.stepScaling.metricName: is required"),
            both("target tracking statistic", "realtime-dev", d -> d.set("/scaling/customMetric/statistic", "\"p95\""),
                    "scaling.customMetric.statistic: \"p95\" must be one of Average, Minimum, Maximum, SampleCount, Sum"),
            both("alarm statistic", "realtime-dev", d -> d.set("/scaling/stepScaling/statistic", "\"p999\""),
                    "scaling.stepScaling.statistic: \"p999\" must be one of Average, Minimum, Maximum, SampleCount, Sum,"
                            + " or a percentile from p0 to p100 such as p95 or p99.9"),
            both("alarm period", "realtime-dev", d -> d.set("/scaling/stepScaling/period", "45"),
                    "scaling.stepScaling.period: 45 must be 10, 20, 30 or a multiple of 60 seconds"),
            both("alarm evaluation periods", "realtime-dev", d -> d.set("/scaling/stepScaling/evaluationPeriods", "0"),
                    "scaling.stepScaling.evaluationPeriods: 0 must be 1 or more"),
            both("comparison operator", "realtime-dev", d -> d.set("/scaling/stepScaling/comparisonOperator", "\"GreaterThan\""),
                    "scaling.stepScaling.comparisonOperator: \"GreaterThan\" must be one of GreaterThanOrEqualToThreshold,"
                            + " GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold"),
            both("step cooldown", "realtime-dev", d -> d.set("/scaling/stepScaling/cooldown", "-5"),
                    "scaling.stepScaling.cooldown: -5 must be 0 or more"),
            both("a step has a bound", "realtime-dev", d -> d.set("/scaling/stepScaling/steps/0", "{\"adjustment\": 1}"),
                    "scaling.stepScaling.steps[0]: needs a lowerBound, an upperBound or both"),
            parserOnly("step lower below upper", "realtime-dev", d -> d.set("/scaling/stepScaling/steps/0/lowerBound", "150"),
                    "scaling.stepScaling.steps[0]: lowerBound 150 must be less than upperBound 100"),
            parserOnly("steps do not overlap", "realtime-dev", d -> d.set("/scaling/stepScaling/steps/1/lowerBound", "50"),
                    "scaling.stepScaling.steps[1]: [50, +infinity) overlaps steps[0] [0, 100)"),
            parserOnly("steps leave no gap", "realtime-dev", d -> d.set("/scaling/stepScaling/steps/1/lowerBound", "150"),
                    "scaling.stepScaling.steps[1]: [150, +infinity) leaves a gap after steps[0] [0, 100); ranges must meet"),
            parserOnly("one step unbounded above", "realtime-dev", d -> d.set("/scaling/stepScaling/steps/0", "{\"lowerBound\": 0, \"adjustment\": 1}"),
                    "scaling.stepScaling.steps: 2 steps have no upperBound; at most one may be unbounded above"),
            parserOnly("a positive upper bound needs an unbounded step", "realtime-dev",
                    d -> d.set("/scaling/stepScaling/steps", "[{\"lowerBound\": 0, \"upperBound\": 100, \"adjustment\": 1}]"),
                    "scaling.stepScaling.steps: a step has a positive upperBound, so one step must have no upperBound"),
            // Deployment alarms
            parserOnly("alarm names are unique", "api-dev", d -> d.set("/deploymentAlarms",
                            "[" + alarm("errors") + "," + alarm("errors") + "]"),
                    "deploymentAlarms[1].name: \"errors\" is already used by deploymentAlarms[0]"),
            both("alarm treatMissingData", "api-dev", d -> d.set("/deploymentAlarms", "[" + alarm("errors") + "]")
                            .set("/deploymentAlarms/0/treatMissingData", "\"zero\""),
                    "deploymentAlarms[0].treatMissingData: \"zero\" must be one of breaching, notBreaching, ignore, missing"),
            // Cost
            both("a price is greater than 0", "api-prod", d -> d.set("/cost", prices("\"ARM64\": {\"vcpuHour\": 0, \"gbHour\": 0.00356}")),
                    "cost.prices.us-east-1.ARM64.vcpuHour: 0 must be greater than 0"),
            both("a price gives both rates", "api-prod", d -> d.set("/cost", prices("\"ARM64\": {\"vcpuHour\": 0.03238}")),
                    "cost.prices.us-east-1.ARM64.gbHour: is required"),
            both("a price is for a known architecture", "api-prod", d -> d.set("/cost", prices("\"arm64\": {\"vcpuHour\": 0.03238, \"gbHour\": 0.00356}")),
                    "cost.prices.us-east-1.arm64: is not a known field; did you mean \"ARM64\"?"),
            both("prices are keyed by region", "api-prod", d -> d.set("/cost", "{\"prices\": {\"N. Virginia\": {}}}"),
                    "cost.prices: \"N. Virginia\" must be an AWS region name such as us-east-1"),
            both("the cost alert is 0 or more", "api-prod", d -> d.set("/cost", "{\"monthlyDeltaAlert\": -1}"),
                    "cost.monthlyDeltaAlert: -1 must be 0 or more"),
            // Deploy freeze
            both("a freeze window starts at a time of day", "api-prod", d -> d.set("/deployFreeze",
                            "[{\"days\": [\"FRI\"], \"from\": \"5pm\"}]"),
                    "deployFreeze[0].from: \"5pm\" must be a time of day HH:MM (00:00 to 23:59)"),
            both("a freeze window names days", "api-prod", d -> d.set("/deployFreeze", "[{\"days\": [\"FRIDAY\"]}]"),
                    "deployFreeze[0].days[0]: \"FRIDAY\" must be one of MON, TUE, WED, THU, FRI, SAT, SUN"),
            parserOnly("a freeze window's time zone is an IANA name", "api-prod", d -> d.set("/deployFreeze",
                            "[{\"days\": [\"FRI\"], \"timeZone\": \"CEST+1\"}]"),
                    "deployFreeze[0].timeZone: \"CEST+1\" is not a time zone; use an IANA name such as Europe/Berlin,"
                            + " America/New_York or UTC"),
            // Pre-deploy task
            both("a pre-deploy names its command", "api-dev", d -> d.set("/service/preDeploy", "{\"command\": []}"),
                    "service.preDeploy.command: [] must name the command to run, e.g. [\"npm\", \"run\", \"migrate\"]"),
            both("a pre-deploy's timeout is 1 to 720 minutes", "api-dev", d -> d.set("/service/preDeploy",
                            "{\"command\": [\"migrate\"], \"timeoutMinutes\": 0}"),
                    "service.preDeploy.timeoutMinutes: 0 must be between 1 and 720 minutes (the scheduled drift check"
                            + " fails a pre-deploy task still running after it)"),
            both("a pre-deploy's cpu is a Fargate cpu", "api-dev", d -> d.set("/service/preDeploy",
                            "{\"command\": [\"migrate\"], \"cpu\": 300}"),
                    "service.preDeploy.cpu: 300 is not a Fargate cpu; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384"),
            parserOnly("a pre-deploy's size is a Fargate pair with the task's", "api-dev", d -> d.set("/service/preDeploy",
                            "{\"command\": [\"migrate\"], \"memory\": 4096}"),
                    "service.preDeploy.memory: 4096 is not valid for the pre-deploy task: cpu 256 takes memory 512, 1024,"
                            + " 2048 (a Fargate task size; an override left out is the task definition's)"),
            // Deployment strategy (StrategyValidator)
            both("deployment strategy", "api-prod", d -> d.set("/service/deployment/strategy", "\"canary\""),
                    "service.deployment.strategy: \"canary\" must be one of ROLLING, BLUE_GREEN, LINEAR, CANARY"),
            parserOnly("a traffic shift needs advancedConfiguration", "api-prod",
                    d -> d.set("/service/deployment/strategy", "\"CANARY\""),
                    "service.loadBalancer.advancedConfiguration: is required with strategy CANARY:"
                            + " alternateTargetGroupArn, productionListenerRule and roleArn (testListenerRule optional)"),
            parserOnly("advancedConfiguration only with a traffic shift", "api-prod",
                    d -> d.set("/service/loadBalancer/advancedConfiguration", ADVANCED),
                    "service.loadBalancer.advancedConfiguration: is set, but strategy is ROLLING; it applies only"
                            + " with strategy BLUE_GREEN, LINEAR or CANARY"),
            parserOnly("lifecycle hooks only with a traffic shift", "api-prod",
                    d -> d.set("/service/deployment/lifecycleHooks", "[" + HOOK + "]"),
                    "service.deployment.lifecycleHooks: is set, but strategy is ROLLING; it applies only with"
                            + " strategy BLUE_GREEN, LINEAR or CANARY"),
            parserOnly("canaryConfiguration only with CANARY", "api-prod",
                    d -> shifting(d, "LINEAR").set("/service/deployment/canaryConfiguration", "{\"canaryPercent\": 10}"),
                    "service.deployment.canaryConfiguration: is set, but strategy is LINEAR; it applies only with"
                            + " strategy CANARY"),
            parserOnly("BLUE_GREEN needs a bake time", "api-prod", d -> shifting(d, "BLUE_GREEN"),
                    "service.deployment.bakeTimeInMinutes: is required with strategy BLUE_GREEN (ECS requires it): the"
                            + " minutes both revisions keep running after all production traffic moved, 0 to 1440"),
            both("canary percent", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/canaryConfiguration", "{\"canaryPercent\": 0.05}"),
                    "service.deployment.canaryConfiguration.canaryPercent: 0.05 must be a multiple of 0.1 from 0.1"
                            + " to 100.0"),
            both("linear step percent", "api-prod", d -> shifting(d, "LINEAR")
                            .set("/service/deployment/linearConfiguration", "{\"stepPercent\": 2.5}"),
                    "service.deployment.linearConfiguration.stepPercent: 2.5 must be a multiple of 0.1 from 3.0 to 100.0"),
            both("canary bake time", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/canaryConfiguration", "{\"canaryBakeTimeInMinutes\": 1441}"),
                    "service.deployment.canaryConfiguration.canaryBakeTimeInMinutes: 1441 must be between 0 and 1440"
                            + " minutes"),
            parserOnly("the alternate target group is a second one", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/loadBalancer/advancedConfiguration/alternateTargetGroupArn", PROD_TG),
                    "service.loadBalancer.advancedConfiguration.alternateTargetGroupArn: " + PROD_TG + " is the"
                            + " service's own targetGroupArn; the new revision needs a second target group"),
            both("listener rule ARN", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/loadBalancer/advancedConfiguration/productionListenerRule", "\"rule-1\""),
                    "service.loadBalancer.advancedConfiguration.productionListenerRule: \"rule-1\" must be an"
                            + " Application Load Balancer listener rule ARN arn:aws:elasticloadbalancing:<region>:"
                            + "<account>:listener-rule/app/<name>/<16 hex>/<16 hex>/<16 hex>, or a listener ARN (Network"
                            + " Load Balancer) arn:aws:elasticloadbalancing:<region>:<account>:listener/net/<name>/<16"
                            + " hex>/<16 hex>"),
            both("hook target is a Lambda function", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/lifecycleHooks", "[" + HOOK + "]")
                            .set("/service/deployment/lifecycleHooks/0/hookTargetArn", "\"my-function\""),
                    "service.deployment.lifecycleHooks[0].hookTargetArn: \"my-function\" must be a Lambda function"
                            + " ARN: arn:aws:lambda:<region>:<account>:function:<name>, optionally followed by"
                            + " :<alias or version>"),
            both("a hook names at least one stage", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/lifecycleHooks", "[" + HOOK + "]")
                            .set("/service/deployment/lifecycleHooks/0/lifecycleStages", "[]"),
                    "service.deployment.lifecycleHooks[0].lifecycleStages: [] must list at least one stage; allowed:"
                            + " RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT,"
                            + " POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT,"
                            + " POST_PRODUCTION_TRAFFIC_SHIFT"),
            parserOnly("test-traffic stages need a test listener rule", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/lifecycleHooks", "[" + HOOK + "]")
                            .set("/service/deployment/lifecycleHooks/0/lifecycleStages", "[\"TEST_TRAFFIC_SHIFT\"]"),
                    "service.deployment.lifecycleHooks[0].lifecycleStages: \"TEST_TRAFFIC_SHIFT\" needs test traffic:"
                            + " set service.loadBalancer.advancedConfiguration.testListenerRule, or use a production"
                            + " stage"),
            parserOnly("canary analysis only with a traffic shift", "api-prod",
                    d -> d.set("/service/deployment/analysis", "{\"max5xxPercent\": 2}"),
                    "service.deployment.analysis: is set, but strategy is ROLLING; it applies only with strategy"
                            + " BLUE_GREEN, LINEAR or CANARY"),
            both("canary analysis 5xx percent", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/analysis", "{\"max5xxPercent\": 101}"),
                    "service.deployment.analysis.max5xxPercent: 101 must be between 0 and 100"),
            both("canary analysis window", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/analysis", "{\"max5xxPercent\": 2, \"windowMinutes\": 0}"),
                    "service.deployment.analysis.windowMinutes: 0 must be between 1 and 60 minutes"),
            parserOnly("canary analysis latency needs statistic and limit", "api-prod", d -> shifting(d, "CANARY")
                            .set("/service/deployment/analysis", "{\"max5xxPercent\": 2, \"latencyStatistic\": \"p99\"}"),
                    "service.deployment.analysis.maxLatencySeconds: is required with"
                            + " service.deployment.analysis.latencyStatistic: the latency check needs both"),
            // Several containers, volumes, capacity (app-prod: a FireLens sidecar, 70 % Spot, an EFS volume)
            both("launch type or capacity provider strategy", "app-prod", d -> d.set("/service/launchType", "\"FARGATE\""),
                    "service.launchType: \"FARGATE\" is set with service.capacityProviderStrategy; ECS takes one or the"
                            + " other: leave launchType out"),
            both("exactly one container follows the image", "app-prod", d -> d.set("/taskDefinition/containers/1/followsImage",
                            "true").remove("/taskDefinition/containers/1/image"),
                    "taskDefinition.containers: 2 containers have \"followsImage\": true; exactly one must follow the image"
                            + " (myapp/app:latest), the others name theirs in \"image\""),
            parserOnly("a mount point names a volume", "app-prod", d -> d.remove("/taskDefinition/volumes"),
                    "taskDefinition.containers[0].mountPoints[0].sourceVolume: \"shared\" names no volume of"
                            + " taskDefinition.volumes (there are none)"),
            both("a container that does not follow the image names one", "app-prod",
                    d -> d.remove("/taskDefinition/containers/1/image"),
                    "taskDefinition.containers[1].image: is required: a container that does not follow the image names"
                            + " its image, pinned by digest or by an ECR tag"),
            both("the following container names no image", "app-prod", d -> d.set("/taskDefinition/containers/0/image",
                            "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/app:latest\""),
                    "taskDefinition.containers[0].image: \"123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/app:latest\""
                            + " is set on the container that follows the image; it runs the pushed image: leave \"image\""
                            + " out, or set \"followsImage\": false"),
            both("single-container fields are left out with containers", "app-prod",
                    d -> d.set("/taskDefinition/containerPort", "8080"),
                    "taskDefinition.containerPort: 8080 is a single-container field; with taskDefinition.containers set"
                            + " it on the container"),
            both("ephemeral storage", "app-prod", d -> d.set("/taskDefinition/ephemeralStorageGiB", "20"),
                    "taskDefinition.ephemeralStorageGiB: 20 must be between 21 and 200 GiB (Fargate gives 20 GiB free;"
                            + " leave it out for that)"),
            both("an EFS access point needs encryption in transit", "app-prod",
                    d -> d.set("/taskDefinition/volumes/0/efs/transitEncryption", "false"),
                    "taskDefinition.volumes[0].efs.transitEncryption: false must be true with an access point (ECS"
                            + " requires encryption in transit for accessPointId)"),
            parserOnly("a sidecar image comes from an allowed registry", "app-prod",
                    d -> d.set("/taskDefinition/containers/1/image", "\"public.ecr.aws/aws-observability/"
                            + "aws-for-fluent-bit@sha256:" + "a".repeat(64) + "\""),
                    "taskDefinition.containers[1].image: \"public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:"
                            + "a".repeat(64) + "\" comes from registry public.ecr.aws, which is neither the config's"
                            + " registry (the pushed image's) nor one the environment's _defaults allows"
                            + " (image.sidecarRegistries: none)"),
            parserOnly("dependsOn names a container of the task", "app-prod",
                    d -> d.set("/taskDefinition/containers/0/dependsOn/0/containerName", "\"router\""),
                    "taskDefinition.containers[0].dependsOn[0].containerName: \"router\" names no container of this"
                            + " task; containers: app, log-router"),
            parserOnly("awsfirelens logs need a log router", "app-prod",
                    d -> d.remove("/taskDefinition/containers/1/firelensConfiguration"),
                    "taskDefinition.containers[0].logConfiguration.logDriver: \"awsfirelens\" needs a log router: a"
                            + " container of this task with a firelensConfiguration"),
            both("capacity providers of Fargate", "app-prod",
                    d -> d.set("/service/capacityProviderStrategy/0/capacityProvider", "\"EC2\""),
                    "service.capacityProviderStrategy[0].capacityProvider: \"EC2\" must be one of FARGATE, FARGATE_SPOT"),
            both("a service registry is a Cloud Map service", "api-prod",
                    d -> d.set("/service/serviceRegistries", "[{\"registryArn\": \"srv-1\"}]"),
                    "service.serviceRegistries[0].registryArn: \"srv-1\" must be a Cloud Map service ARN:"
                            + " arn:aws:servicediscovery:<region>:<account>:service/srv-<id>"),
            both("one service registry", "api-prod", d -> d.set("/service/serviceRegistries",
                            "[{\"registryArn\": \"" + REGISTRY + "\"}, {\"registryArn\": \"" + REGISTRY + "\"}]"),
                    "service.serviceRegistries: lists 2 registries; ECS associates a service with one service registry"),
            parserOnly("a registry takes a port or a container", "api-prod", d -> d.set("/service/serviceRegistries",
                            "[{\"registryArn\": \"" + REGISTRY + "\", \"port\": 8080, \"containerName\": \"api\","
                                    + " \"containerPort\": 3001}]"),
                    "service.serviceRegistries[0]: names both a port and a container; with awsvpc ECS takes either port"
                            + " (SRV records) or containerName with containerPort, not both"),
            parserOnly("a registered port is a container's", "api-prod", d -> d.set("/service/serviceRegistries",
                            "[{\"registryArn\": \"" + REGISTRY + "\", \"containerName\": \"api\", \"containerPort\": 9000}]"),
                    "service.serviceRegistries[0]: \"api:9000\" is not a port a container of the task maps (Cloud Map"
                            + " registers a container's port mapping)"),
            parserOnly("one base in a capacity provider strategy", "app-prod",
                    d -> d.set("/service/capacityProviderStrategy/1/base", "1"),
                    "service.capacityProviderStrategy: gives a base to 2 capacity providers; ECS allows a base on one only"),
            both("loadBalancer or loadBalancers", "app-prod", d -> d.set("/service/loadBalancer",
                            "{\"targetGroupArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0a1b2c3d4e5f6071\"}"),
                    "service.loadBalancers: is set with service.loadBalancer; list every target group in loadBalancers"
                            + " and leave loadBalancer out"),
            parserOnly("a target group's port is a container's", "app-prod",
                    d -> d.set("/service/loadBalancers/1/containerPort", "9191"),
                    "service.loadBalancers[1]: \"app:9191\" is not a port a container of the task maps (a target group"
                            + " sends traffic to a container's port mapping)"));

    /** The example with a traffic-shifting strategy and the advanced load balancer settings it needs. */
    static Documents shifting(Documents d, String strategy) {
        return d.set("/service/deployment/strategy", "\"" + strategy + "\"")
                .set("/service/loadBalancer/advancedConfiguration", ADVANCED);
    }

    static String notDerived(String derived) {
        return "is not " + derived + ", the name derived from the parameter name /ecs-deployer/dev/api: a config"
                + " manages only its own service's resources. Leave the field out, or let this environment's configs"
                + " choose names with \"allowNameOverrides\": true in /ecs-deployer/dev/_defaults";
    }

    static String prices(String byArchitecture) {
        return "{\"prices\": {\"us-east-1\": {" + byArchitecture + "}}}";
    }

    static String alarm(String name) {
        return "{\"name\": \"" + name + "\", \"metricName\": \"HTTPCode_Target_5XX_Count\","
                + " \"namespace\": \"AWS/ApplicationELB\", \"statistic\": \"Sum\", \"threshold\": 10}";
    }

    private RejectedCases() {
    }
}
