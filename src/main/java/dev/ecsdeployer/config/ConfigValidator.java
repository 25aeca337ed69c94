package dev.ecsdeployer.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.ecsdeployer.config.AwsFormats.*;

/**
 * The rules a resolved config must meet beyond its structure: Fargate sizes, ranges, AWS id and
 * ARN formats, and combinations ECS, Application Auto Scaling or CloudWatch would reject (or
 * accept and then never deploy). Runs on the config after {@link ConfigDefaults}, skipping
 * whatever the structure check already reported missing.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    /** The rules, with names derived from the parameter name (no {@code allowNameOverrides} in {@code _defaults}). */
    public static List<ConfigError> validate(ServiceConfig config, ConfigLocation location) {
        return validate(config, location, false);
    }

    /**
     * @param allowNameOverrides whether the environment's {@code _defaults} document lets its configs name their
     *                           ECS service, task family and log group other than by their parameter name
     */
    public static List<ConfigError> validate(ServiceConfig config, ConfigLocation location,
                                             boolean allowNameOverrides) {
        Problems problems = new Problems();
        boolean identityValid = checkIdentity(config, location, problems);
        // Names derived from an invalid project/environment/name would only repeat that error.
        Problems derived = identityValid ? problems : new Problems();
        if (config.image() != null) {
            checkImage(config.image(), problems);
        }
        if (config.taskDefinition() != null) {
            checkTaskDefinition(config.taskDefinition(), problems, derived, config.qualifiedName());
            ContainerValidator.checkTask(config.taskDefinition(), config.image(), problems);
        }
        checkLogGroup(config.logGroup(), problems, derived, config.baseName(), config.name());
        if (config.service() != null) {
            checkService(config.service(), config.scaling(), problems, derived, config.qualifiedName());
            ServiceLevelValidator.check(config.service(), config.taskDefinition(), problems);
        }
        if (config.scaling() != null) {
            ScalingValidator.check(config.scaling(), config.service(), problems);
        }
        AlarmValidator.check(config.deploymentAlarms(), problems);
        if (config.cost() != null) {
            CostValidator.check(config.cost(), problems);
        }
        FreezeValidator.check(config.deployFreeze(), problems);
        if (config.service() != null) {
            PreDeployValidator.check(config.service().preDeploy(), config.taskDefinition(), problems);
        }
        problems.between("stuckDeployment.afterMinutes", config.stuckDeployment().afterMinutes(), 5, 1440,
                " minutes (ECS's own deployment timeouts are hours; a scheduled check runs every few minutes)");
        boolean namedByPath = identityValid && config.environment().equals(location.environment())
                && config.name().equals(location.service());
        if (namedByPath && !allowNameOverrides) {
            checkNamesFromPath(config, location, problems);
        }
        return problems.list();
    }

    /**
     * A config manages only its own resources: the ECS service, task family and log group its parameter name
     * derives. A well-formed name that differs (a badly formed one is already reported) would let one config
     * take over what another config, or another tool, manages.
     */
    private static void checkNamesFromPath(ServiceConfig config, ConfigLocation location, Problems problems) {
        if (config.service() != null) {
            fromPath("service.serviceName", config.service().serviceName(), config.qualifiedName(), ECS_NAME,
                    location, problems);
        }
        if (config.taskDefinition() != null) {
            fromPath("taskDefinition.family", config.taskDefinition().family(), config.qualifiedName(), ECS_NAME,
                    location, problems);
        }
        fromPath("logGroup.name", config.logGroup().name(), "/ecs/" + config.baseName() + "/" + config.name(),
                LOG_GROUP_NAME, location, problems);
    }

    private static void fromPath(String path, String value, String derived, Pattern format, ConfigLocation location,
                                 Problems problems) {
        if (value != null && !value.equals(derived) && format.matcher(value).matches()) {
            problems.add(path, value, "is not " + JsonText.of(derived) + ", the name derived from the parameter name "
                    + location.parameterName() + ": a config manages only its own service's resources. Leave the"
                    + " field out, or let this environment's configs choose names with \""
                    + ServiceConfigParser.ALLOW_NAME_OVERRIDES + "\": true in " + location.defaultsParameterName());
        }
    }

    /** Whether project, environment and name are usable in the names derived from them. */
    private static boolean checkIdentity(ServiceConfig config, ConfigLocation location, Problems problems) {
        if (!config.environment().equals(location.environment())) {
            problems.add("environment", config.environment(),
                    "does not match the environment in the parameter name " + location.parameterName());
        }
        if (!config.name().equals(location.service())) {
            problems.add("name", config.name(),
                    "does not match the service in the parameter name " + location.parameterName());
        }
        int before = problems.size();
        problems.matches("name", config.name(), ECS_NAME, ECS_NAME_MESSAGE);
        problems.matches("project", config.project(), ECS_NAME, ECS_NAME_MESSAGE);
        // template.yaml's Environment parameter: what a deployed function's ECS_DEPLOYER_ENVIRONMENT can be.
        problems.matches("environment", config.environment(), NameRules.ENVIRONMENT, NameRules.ENVIRONMENT_MESSAGE);
        return problems.size() == before && config.project() != null;
    }

    /** Checks a name, sending it to {@code derived} when it is the default built from project, environment and name. */
    private static void checkName(String path, String value, String defaultValue, Problems problems, Problems derived,
                                  Pattern format, String message) {
        (value != null && value.equals(defaultValue) ? derived : problems).matches(path, value, format, message);
    }

    private static void checkImage(ImageSource image, Problems problems) {
        problems.matches("image.repository", image.repository(), ECR_REPOSITORY, ECR_REPOSITORY_MESSAGE);
        problems.matches("image.tag", image.tag(), IMAGE_TAG, IMAGE_TAG_MESSAGE);
        problems.matches("image.registry", image.registry(), ECR_REGISTRY, ECR_REGISTRY_MESSAGE);
    }

    private static void checkTaskDefinition(TaskDefinitionConfig task, Problems problems, Problems derived,
                                            String qualifiedName) {
        checkName("taskDefinition.family", task.family(), qualifiedName, problems, derived, ECS_NAME, ECS_NAME_MESSAGE);
        problems.matches("taskDefinition.containerName", task.containerName(), ECS_NAME, ECS_NAME_MESSAGE);
        checkSize(task.cpu(), task.memory(), problems);
        problems.matches("taskDefinition.executionRoleArn", task.executionRoleArn(), ROLE_ARN, ROLE_ARN_MESSAGE);
        problems.matches("taskDefinition.taskRoleArn", task.taskRoleArn(), ROLE_ARN, ROLE_ARN_MESSAGE);
        if (task.containers() != null) {
            return; // the several-containers form: ContainerValidator
        }
        if (task.containerPort() == null) {
            problems.add("taskDefinition.containerPort", null, "is required (or list taskDefinition.containers)");
        }
        problems.between("taskDefinition.containerPort", task.containerPort(), 1, 65535, "");
        if (task.hostPort() != null && task.containerPort() != null && !task.hostPort().equals(task.containerPort())) {
            problems.add("taskDefinition.hostPort", task.hostPort(),
                    "must equal containerPort " + task.containerPort() + " (awsvpc network mode)");
        }
        task.environment().keySet().forEach(name ->
                problems.matches("taskDefinition.environment", name, VARIABLE_NAME, VARIABLE_NAME_MESSAGE));
        task.secrets().forEach((name, valueFrom) -> {
            problems.matches("taskDefinition.secrets", name, VARIABLE_NAME, VARIABLE_NAME_MESSAGE);
            checkValueFrom("taskDefinition.secrets." + name, valueFrom, problems);
            if (task.environment().containsKey(name)) {
                problems.add("taskDefinition.secrets", name,
                        "is also set in taskDefinition.environment; a variable must come from one place");
            }
        });
        if (task.healthCheck() != null) {
            checkHealthCheck("taskDefinition.healthCheck", task.healthCheck(), problems);
        }
        problems.between("taskDefinition.stopTimeout", task.stopTimeout(), 2, 120, " seconds (Fargate)");
    }

    /**
     * A {@code valueFrom} that is not even an ARN is most likely the secret itself, pasted where its
     * reference belongs: it is not quoted in the error, which goes to logs and events.
     */
    static void checkValueFrom(String path, String valueFrom, Problems problems) {
        if (valueFrom == null || SECRET_VALUE_FROM.matcher(valueFrom).matches()) {
            return;
        }
        if (valueFrom.startsWith("arn:")) {
            problems.add(path, valueFrom, SECRET_VALUE_FROM_MESSAGE);
        } else {
            problems.add(path, null, "is not an ARN (its value is not shown: it may be the secret itself); it "
                    + SECRET_VALUE_FROM_MESSAGE);
        }
    }

    private static void checkSize(Integer cpu, Integer memory, Problems problems) {
        if (cpu == null) {
            return;
        }
        if (!FargateSizes.isValidCpu(cpu)) {
            problems.add("taskDefinition.cpu", cpu, "is not a Fargate cpu; allowed: " + FargateSizes.allowedCpus());
        } else if (memory != null && !FargateSizes.isValidPair(cpu, memory)) {
            problems.add("taskDefinition.memory", memory,
                    "is not valid for cpu " + cpu + "; allowed: " + FargateSizes.allowedMemory(cpu));
        }
    }

    static void checkHealthCheck(String at, HealthCheckConfig check, Problems problems) {
        List<String> command = check.command();
        if (command != null && (command.size() < 2 || !List.of("CMD", "CMD-SHELL").contains(command.get(0)))) {
            problems.add(at + ".command", command,
                    "must start with \"CMD\" or \"CMD-SHELL\", followed by the command");
        }
        problems.between(at + ".interval", check.interval(), 5, 300, " seconds");
        problems.between(at + ".timeout", check.timeout(), 2, 60, " seconds");
        problems.between(at + ".retries", check.retries(), 1, 10, "");
        problems.between(at + ".startPeriod", check.startPeriod(), 0, 300, " seconds");
    }

    private static void checkLogGroup(LogGroupConfig logGroup, Problems problems, Problems derived, String baseName,
                                      String name) {
        checkName("logGroup.name", logGroup.name(), "/ecs/" + baseName + "/" + name, problems, derived,
                LOG_GROUP_NAME, LOG_GROUP_NAME_MESSAGE);
        if (!RETENTION_DAYS.contains(logGroup.retentionDays())) {
            problems.add("logGroup.retentionDays", logGroup.retentionDays(),
                    "is not a CloudWatch Logs retention period; allowed: " + join(RETENTION_DAYS));
        }
    }

    private static void checkService(ServiceSettings service, ScalingConfig scaling, Problems problems,
                                     Problems derived, String qualifiedName) {
        problems.matches("service.cluster", service.cluster(), ECS_NAME, ECS_NAME_MESSAGE);
        checkName("service.serviceName", service.serviceName(), qualifiedName, problems, derived, ECS_NAME,
                ECS_NAME_MESSAGE);
        problems.atLeast("service.desiredCount", service.desiredCount(), 0);
        problems.atMost("service.desiredCount", service.desiredCount(), MAX_TASKS_PER_SERVICE, MAX_TASKS_REASON);
        checkIds("service.subnets", service.subnets(), SUBNET_ID, "subnet", MAX_SUBNETS, problems);
        checkIds("service.securityGroups", service.securityGroups(), SECURITY_GROUP_ID, "sg", MAX_SECURITY_GROUPS, problems);
        if (service.subnets().isEmpty()) {
            problems.add("service.subnets", List.of(), "must list at least one subnet");
        }
        if (service.loadBalancer() != null) {
            problems.matches("service.loadBalancer.targetGroupArn", service.loadBalancer().targetGroupArn(),
                    TARGET_GROUP_ARN, TARGET_GROUP_ARN_MESSAGE);
            problems.matches("service.loadBalancer.loadBalancerArn", service.loadBalancer().loadBalancerArn(),
                    LOAD_BALANCER_ARN, LOAD_BALANCER_ARN_MESSAGE);
        }
        problems.atLeast("service.healthCheckGracePeriodSeconds", service.healthCheckGracePeriodSeconds(), 0);
        checkDeployment(service, scaling, problems);
    }

    private static void checkIds(String path, List<String> ids, Pattern format, String prefix,
                                 int max, Problems problems) {
        for (int i = 0; i < ids.size(); i++) {
            problems.matches(path + "[" + i + "]", ids.get(i), format,
                    "must be " + prefix + "- followed by 8 or 17 hexadecimal digits");
        }
        if (ids.size() > max) {
            problems.add(path, null, "lists " + ids.size() + " ids; ECS allows at most " + max);
        }
    }

    private static void checkDeployment(ServiceSettings service, ScalingConfig scaling, Problems problems) {
        DeploymentSettings deployment = service.deployment();
        int minimum = deployment.minimumHealthyPercent();
        int maximum = deployment.maximumPercent();
        problems.between("service.deployment.minimumHealthyPercent", minimum, 0, 100, "");
        problems.atLeast("service.deployment.maximumPercent", maximum, 100);
        String alwaysOn = "must be true: the deployer always rolls out with the circuit breaker and rollback";
        if (!deployment.circuitBreaker().enable()) {
            problems.add("service.deployment.circuitBreaker.enable", false, alwaysOn);
        }
        if (!deployment.circuitBreaker().rollback()) {
            problems.add("service.deployment.circuitBreaker.rollback", false, alwaysOn);
        }
        StrategyValidator.check(service, problems);
        if (minimum >= 0 && minimum <= 100 && maximum >= 100) {
            checkRoomToReplace(service.desiredCount(), scaling, minimum, maximum, problems);
        }
    }

    /**
     * ECS keeps at least ceil(count * min%) tasks healthy and runs at most floor(count * max%); when
     * those are equal it can neither start a new task nor stop an old one, and the rollout hangs.
     * Checked for every task count the service can have.
     */
    private static void checkRoomToReplace(Integer desiredCount, ScalingConfig scaling, int minimum, int maximum,
                                           Problems problems) {
        if (desiredCount == null) {
            return;
        }
        int lowest = desiredCount;
        int highest = desiredCount;
        if (scaling != null && scaling.minCapacity() != null && scaling.maxCapacity() != null) {
            lowest = Math.min(lowest, scaling.minCapacity());
            highest = Math.max(highest, scaling.maxCapacity());
        }
        // Counts past the quota are reported on their own; checking up to it bounds the loop.
        highest = Math.min(highest, MAX_TASKS_PER_SERVICE);
        for (int count = Math.max(1, lowest); count <= highest; count++) {
            int running = count * maximum / 100;
            int healthy = (count * minimum + 99) / 100;
            if (running <= healthy) {
                problems.add("service.deployment", null, "maximumPercent " + maximum + " and minimumHealthyPercent "
                        + minimum + " leave no room to replace a task when the service runs " + count
                        + (count == 1 ? " task" : " tasks") + " (at most " + running + " running, at least " + healthy
                        + " healthy); raise maximumPercent or lower minimumHealthyPercent");
                return;
            }
        }
    }

    static String join(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    /** Reports names used twice in a list, e.g. alarm names. */
    static void checkUnique(String listPath, List<String> names, String field, Problems problems) {
        Map<String, Integer> firstUse = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer earlier = firstUse.putIfAbsent(names.get(i), i);
            if (earlier != null && names.get(i) != null) {
                problems.add(listPath + "[" + i + "]." + field, names.get(i),
                        "is already used by " + listPath + "[" + earlier + "]");
            }
        }
    }
}
