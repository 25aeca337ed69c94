package dev.ecsdeployer.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Formats of the AWS names and ids a config refers to, with the message a user sees when a
 * value does not match. The JSON Schema carries the same patterns.
 */
final class AwsFormats {

    private static final String PARTITION = "arn:aws(-[a-z]+)*";
    private static final String REGION_ACCOUNT = ":[a-z0-9-]+:[0-9]{12}:";

    /** Cluster, service, family, container names (ECS): letters, digits, hyphens, underscores. */
    static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    static final String ECS_NAME_MESSAGE = "must be 1 to 255 letters, digits, hyphens or underscores";

    static final Pattern ROLE_ARN = Pattern.compile(PARTITION + ":iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+");
    static final String ROLE_ARN_MESSAGE = "must be an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>";

    static final Pattern SECRET_VALUE_FROM = Pattern.compile(
            PARTITION + ":secretsmanager" + REGION_ACCOUNT + "secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?"
                    + "|" + PARTITION + ":ssm" + REGION_ACCOUNT + "parameter/[A-Za-z0-9/_.-]+");
    static final String SECRET_VALUE_FROM_MESSAGE = "must be a Secrets Manager ARN"
            + " arn:aws:secretsmanager:<region>:<account>:secret:<name>, optionally followed by"
            + " :<json-key>:<version-stage>:<version-id>, or an SSM parameter ARN"
            + " arn:aws:ssm:<region>:<account>:parameter/<name>";

    static final Pattern TARGET_GROUP_ARN = Pattern.compile(
            PARTITION + ":elasticloadbalancing" + REGION_ACCOUNT + "targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    static final String TARGET_GROUP_ARN_MESSAGE = "must be a target group ARN:"
            + " arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex digits>";

    static final Pattern LOAD_BALANCER_ARN = Pattern.compile(
            PARTITION + ":elasticloadbalancing" + REGION_ACCOUNT + "loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    static final String LOAD_BALANCER_ARN_MESSAGE = "must be an Application Load Balancer ARN:"
            + " arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex digits>";

    static final Pattern LISTENER_RULE_ARN = Pattern.compile(PARTITION + ":elasticloadbalancing" + REGION_ACCOUNT
            + "(listener-rule/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}/[0-9a-f]{16}"
            + "|listener/(app|net)/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16})");
    static final String LISTENER_RULE_ARN_MESSAGE = "must be an Application Load Balancer listener rule ARN"
            + " arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/app/<name>/<16 hex>/<16 hex>/<16 hex>,"
            + " or a listener ARN (Network Load Balancer) arn:aws:elasticloadbalancing:<region>:<account>:listener/net/<name>/<16 hex>/<16 hex>";

    static final Pattern LAMBDA_FUNCTION_ARN = Pattern.compile(
            PARTITION + ":lambda" + REGION_ACCOUNT + "function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?");
    static final String LAMBDA_FUNCTION_ARN_MESSAGE = "must be a Lambda function ARN:"
            + " arn:aws:lambda:<region>:<account>:function:<name>, optionally followed by :<alias or version>";

    static final Pattern SERVICE_REGISTRY_ARN = Pattern.compile(
            PARTITION + ":servicediscovery" + REGION_ACCOUNT + "service/srv-[a-z0-9]{1,64}");
    static final String SERVICE_REGISTRY_ARN_MESSAGE = "must be a Cloud Map service ARN:"
            + " arn:aws:servicediscovery:<region>:<account>:service/srv-<id>";

    static final Pattern SUBNET_ID = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");

    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String VARIABLE_NAME_MESSAGE =
            "is not a valid variable name; use letters, digits and underscores, not starting with a digit";

    static final Pattern LOG_GROUP_NAME = Pattern.compile("[A-Za-z0-9._/#-]{1,512}");
    static final String LOG_GROUP_NAME_MESSAGE =
            "must be 1 to 512 characters: letters, digits, '.', '_', '-', '/' or '#'";

    static final Pattern ECR_REPOSITORY = Pattern.compile(
            "(?=.{2,256}$)([a-z0-9]+([._-][a-z0-9]+)*/)*[a-z0-9]+([._-][a-z0-9]+)*");
    static final String ECR_REPOSITORY_MESSAGE = "must be an ECR repository name: 2 to 256 lowercase letters"
            + " and digits, separated by '.', '_', '-' or '/'";

    static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    static final String IMAGE_TAG_MESSAGE = "must be an image tag: up to 128 letters, digits, '_', '.' or '-',"
            + " not starting with '.' or '-'";

    static final Pattern ECR_REGISTRY = Pattern.compile("[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");
    static final String ECR_REGISTRY_MESSAGE = "must be an ECR registry: <12-digit account>.dkr.ecr.<region>.amazonaws.com";

    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    static final String REGION_MESSAGE = "must be an AWS region name such as us-east-1";

    /** CloudWatch Logs' allowed retention periods, in days. */
    static final List<Integer> RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    static final List<String> STANDARD_STATISTICS = List.of("Average", "Minimum", "Maximum", "SampleCount", "Sum");
    static final Pattern PERCENTILE = Pattern.compile("p(100|[0-9]{1,2}(\\.[0-9]{1,2})?)");

    static final int MAX_SUBNETS = 16;
    static final int MAX_SECURITY_GROUPS = 5;
    static final int MAX_STEPS = 20;

    /** ECS's quota of tasks per service: no desired count or scaling capacity can go past it. */
    static final int MAX_TASKS_PER_SERVICE = 5000;
    static final String MAX_TASKS_REASON = " (ECS's quota of tasks per service)";

    private AwsFormats() {
    }
}
