package dev.ecsdeployer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Fills every field the document left out with the seed's defaults, some of which depend on
 * the environment: {@code prod} (or {@code production}) gets 30-day logs, private networking
 * (no public IP) and up to 20 tasks; any other environment 7-day logs, a public IP (dev runs in
 * public subnets to avoid a NAT gateway) and up to 4 tasks. Missing required sections stay
 * null; the validator has already reported them. The result's lists and maps are unmodifiable.
 */
public final class ConfigDefaults {

    static final Set<String> PRODUCTION_ENVIRONMENTS = Set.of("prod", "production");

    static final String DEFAULT_TAG = "latest";
    static final int DEFAULT_DESIRED_COUNT = 1;
    static final int DEFAULT_STOP_TIMEOUT = 30;
    static final int HEALTH_CHECK_INTERVAL = 30;
    static final int HEALTH_CHECK_TIMEOUT = 5;
    static final int HEALTH_CHECK_RETRIES = 3;
    static final int HEALTH_CHECK_START_PERIOD = 0;
    static final int MAXIMUM_PERCENT = 200;
    static final int MINIMUM_HEALTHY_PERCENT = 100;
    static final int SCALE_IN_COOLDOWN = 300;
    static final int SCALE_OUT_COOLDOWN = 60;
    static final String STATISTIC = "Average";
    static final String COMPARISON_OPERATOR = "GreaterThanThreshold";
    static final int STEP_PERIOD = 60;
    static final int STEP_EVALUATION_PERIODS = 3;
    static final int STEP_COOLDOWN = 60;
    static final int ALARM_PERIOD = 60;
    static final int ALARM_EVALUATION_PERIODS = 1;
    // A rollback alarm should not roll a deployment back because a metric has no data yet.
    static final String ALARM_TREAT_MISSING_DATA = "notBreaching";

    private ConfigDefaults() {
    }

    public static boolean isProduction(String environment) {
        return environment != null && PRODUCTION_ENVIRONMENTS.contains(environment);
    }

    /** The config with every default applied; name and environment come from the location when unset. */
    public static ServiceConfig resolve(ServiceConfig config, ConfigLocation location) {
        String name = or(config.name(), location.service());
        String environment = or(config.environment(), location.environment());
        boolean production = isProduction(environment);
        String qualifiedName = config.project() + "-" + environment + "-" + name;
        ServiceSettings service = apply(config.service(), s -> service(s, qualifiedName, production));
        int desiredCount = service == null ? DEFAULT_DESIRED_COUNT : service.desiredCount();
        return new ServiceConfig(
                name,
                config.project(),
                environment,
                apply(config.image(), image -> new ImageSource(image.repository(), or(image.tag(), DEFAULT_TAG), image.registry(),
                        image.sidecarRegistries() == null ? null : List.copyOf(image.sidecarRegistries()))),
                apply(config.taskDefinition(), task -> taskDefinition(task, name, qualifiedName)),
                logGroup(config.logGroup(), "/ecs/" + config.project() + "-" + environment + "/" + name, production),
                service,
                apply(config.scaling(), scaling -> scaling(scaling, desiredCount, production)),
                list(config.deploymentAlarms()).stream().map(ConfigDefaults::alarm).toList(),
                config.driftPolicy(),
                cost(config.cost()),
                list(config.deployFreeze()).stream().map(FreezeWindow::resolved).toList(),
                config.stuckDeployment() == null ? StuckDeploymentConfig.defaults() : config.stuckDeployment().resolved(),
                config.account());
    }

    // No override means the built-in price table; no threshold means no Cost Drift events.
    private static CostConfig cost(CostConfig cost) {
        if (cost == null || cost.prices() == null) {
            return new CostConfig(Map.of(), cost == null ? null : cost.monthlyDeltaAlert());
        }
        Map<String, Map<CpuArchitecture, FargatePriceConfig>> prices = new LinkedHashMap<>();
        cost.prices().forEach((region, byArchitecture) -> prices.put(region,
                Collections.unmodifiableMap(new LinkedHashMap<>(byArchitecture))));
        return new CostConfig(Collections.unmodifiableMap(prices), cost.monthlyDeltaAlert());
    }

    private static TaskDefinitionConfig taskDefinition(TaskDefinitionConfig task, String name, String qualifiedName) {
        if (task.containers() != null) {
            return ContainerDefaults.taskDefinition(task, qualifiedName);
        }
        return new TaskDefinitionConfig(
                or(task.family(), qualifiedName),
                task.cpu(),
                task.memory(),
                or(task.cpuArchitecture(), CpuArchitecture.X86_64),
                task.executionRoleArn(),
                task.taskRoleArn(),
                or(task.containerName(), name),
                task.containerPort(),
                or(task.hostPort(), task.containerPort()),
                map(task.environment()),
                map(task.secrets()),
                apply(task.healthCheck(), check -> new HealthCheckConfig(
                        List.copyOf(check.command()),
                        or(check.interval(), HEALTH_CHECK_INTERVAL),
                        or(check.timeout(), HEALTH_CHECK_TIMEOUT),
                        or(check.retries(), HEALTH_CHECK_RETRIES),
                        or(check.startPeriod(), HEALTH_CHECK_START_PERIOD))),
                or(task.stopTimeout(), DEFAULT_STOP_TIMEOUT),
                or(task.logStreamPrefix(), name),
                null,
                task.ephemeralStorageGiB(),
                task.volumes() == null ? null : List.copyOf(task.volumes()),
                task.tags() == null ? null : map(task.tags()));
    }

    private static LogGroupConfig logGroup(LogGroupConfig logGroup, String defaultName, boolean production) {
        LogGroupConfig given = or(logGroup, new LogGroupConfig(null, null));
        return new LogGroupConfig(or(given.name(), defaultName), or(given.retentionDays(), production ? 30 : 7));
    }

    private static ServiceSettings service(ServiceSettings service, String qualifiedName, boolean production) {
        DeploymentSettings deployment = or(service.deployment(), new DeploymentSettings(null, null, null));
        CircuitBreakerConfig breaker = or(deployment.circuitBreaker(), new CircuitBreakerConfig(null, null));
        RolloutStrategy strategy = or(deployment.strategy(), RolloutStrategy.ROLLING);
        return new ServiceSettings(
                service.cluster(),
                or(service.serviceName(), qualifiedName),
                or(service.desiredCount(), DEFAULT_DESIRED_COUNT),
                list(service.subnets()),
                list(service.securityGroups()),
                or(service.assignPublicIp(), !production),
                service.loadBalancer(),
                new DeploymentSettings(
                        or(deployment.maximumPercent(), MAXIMUM_PERCENT),
                        or(deployment.minimumHealthyPercent(), MINIMUM_HEALTHY_PERCENT),
                        new CircuitBreakerConfig(or(breaker.enable(), true), or(breaker.rollback(), true)),
                        strategy,
                        deployment.bakeTimeInMinutes(),
                        strategy == RolloutStrategy.LINEAR ? linear(deployment.linearConfiguration())
                                : deployment.linearConfiguration(),
                        strategy == RolloutStrategy.CANARY ? canary(deployment.canaryConfiguration())
                                : deployment.canaryConfiguration(),
                        list(deployment.lifecycleHooks()).stream().map(hook -> new LifecycleHookConfig(
                                hook.hookTargetArn(), hook.roleArn(), hook.lifecycleStages() == null ? null
                                        : List.copyOf(hook.lifecycleStages()))).toList(),
                        deployment.analysis() == null ? null : deployment.analysis().resolved()),
                or(service.enableExecuteCommand(), false),
                // ECS uses a grace period only with a load balancer; 0 is its default there.
                service.loadBalancer() == null && service.loadBalancers() == null
                        ? service.healthCheckGracePeriodSeconds()
                        : or(service.healthCheckGracePeriodSeconds(), 0),
                apply(service.preDeploy(), PreDeployConfig::resolved),
                service.launchType(),
                service.capacityProviderStrategy() == null ? null : List.copyOf(service.capacityProviderStrategy()),
                service.loadBalancers() == null ? null : List.copyOf(service.loadBalancers()),
                service.platformVersion(),
                service.propagateTags(),
                service.tags() == null ? null : map(service.tags()),
                service.availabilityZoneRebalancing(),
                service.serviceRegistries() == null ? null : List.copyOf(service.serviceRegistries()));
    }

    /** ECS's linear defaults, written out so what ECS stores compares equal to the config. */
    private static LinearConfig linear(LinearConfig given) {
        LinearConfig c = or(given, new LinearConfig(null, null));
        return new LinearConfig(or(c.stepPercent(), LinearConfig.DEFAULT_STEP_PERCENT),
                or(c.stepBakeTimeInMinutes(), LinearConfig.DEFAULT_STEP_BAKE_MINUTES));
    }

    /** ECS's canary defaults, written out so what ECS stores compares equal to the config. */
    private static CanaryConfig canary(CanaryConfig given) {
        CanaryConfig c = or(given, new CanaryConfig(null, null));
        return new CanaryConfig(or(c.canaryPercent(), CanaryConfig.DEFAULT_CANARY_PERCENT),
                or(c.canaryBakeTimeInMinutes(), CanaryConfig.DEFAULT_CANARY_BAKE_MINUTES));
    }

    private static ScalingConfig scaling(ScalingConfig scaling, int desiredCount, boolean production) {
        return new ScalingConfig(
                or(scaling.minCapacity(), desiredCount),
                or(scaling.maxCapacity(), production ? 20 : 4),
                apply(scaling.cpu(), ConfigDefaults::targetTracking),
                apply(scaling.memory(), ConfigDefaults::targetTracking),
                apply(scaling.requestCount(), ConfigDefaults::targetTracking),
                apply(scaling.customMetric(), metric -> new CustomMetricTargetConfig(
                        metric.metricName(),
                        metric.namespace(),
                        map(metric.dimensions()),
                        or(metric.statistic(), STATISTIC),
                        metric.targetValue(),
                        or(metric.scaleInCooldown(), SCALE_IN_COOLDOWN),
                        or(metric.scaleOutCooldown(), SCALE_OUT_COOLDOWN))),
                apply(scaling.stepScaling(), step -> new StepScalingConfig(
                        step.metricName(),
                        step.namespace(),
                        map(step.dimensions()),
                        or(step.statistic(), STATISTIC),
                        or(step.period(), STEP_PERIOD),
                        or(step.evaluationPeriods(), STEP_EVALUATION_PERIODS),
                        step.threshold(),
                        or(step.comparisonOperator(), COMPARISON_OPERATOR),
                        or(step.cooldown(), STEP_COOLDOWN),
                        list(step.steps()))));
    }

    private static TargetTrackingConfig targetTracking(TargetTrackingConfig policy) {
        return new TargetTrackingConfig(policy.targetValue(),
                or(policy.scaleInCooldown(), SCALE_IN_COOLDOWN),
                or(policy.scaleOutCooldown(), SCALE_OUT_COOLDOWN));
    }

    private static AlarmConfig alarm(AlarmConfig alarm) {
        return new AlarmConfig(
                alarm.name(),
                alarm.metricName(),
                alarm.namespace(),
                map(alarm.dimensions()),
                or(alarm.statistic(), STATISTIC),
                or(alarm.period(), ALARM_PERIOD),
                or(alarm.evaluationPeriods(), ALARM_EVALUATION_PERIODS),
                alarm.threshold(),
                or(alarm.comparisonOperator(), COMPARISON_OPERATOR),
                or(alarm.treatMissingData(), ALARM_TREAT_MISSING_DATA));
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static <T, R> R apply(T value, Function<T, R> fill) {
        return value == null ? null : fill.apply(value);
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    // Keeps the document's order (stable task definitions, readable diffs) while being unmodifiable.
    static Map<String, String> map(Map<String, String> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
