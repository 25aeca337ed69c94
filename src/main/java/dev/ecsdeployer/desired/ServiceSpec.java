package dev.ecsdeployer.desired;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The settings of an ECS service the deployer manages, in the shape of an UpdateService
 * call. {@code desiredCount} is null when a scaling target owns it: the deployer then never
 * sends it and never calls a difference in it drift. {@code taskDefinition} is compared
 * separately (by spec, not by ARN), so it is not part of this record.
 */
@RegisterForReflection
public record ServiceSpec(
        String cluster,
        String serviceName,
        Integer desiredCount,
        String launchType,
        List<String> subnets,
        List<String> securityGroups,
        String assignPublicIp,
        LoadBalancerSpec loadBalancer,
        int maximumPercent,
        int minimumHealthyPercent,
        boolean circuitBreakerEnable,
        boolean circuitBreakerRollback,
        DeploymentAlarmsSpec alarms,
        boolean enableExecuteCommand,
        Integer healthCheckGracePeriodSeconds,
        StrategySpec strategy) {

    /** These settings with the desired count left to a scaling target. */
    public ServiceSpec withoutDesiredCount() {
        return desiredCount == null ? this
                : new ServiceSpec(cluster, serviceName, null, launchType, subnets, securityGroups, assignPublicIp,
                        loadBalancer, maximumPercent, minimumHealthyPercent, circuitBreakerEnable,
                        circuitBreakerRollback, alarms, enableExecuteCommand, healthCheckGracePeriodSeconds, strategy);
    }

    /** {@code advanced} is null unless the strategy shifts traffic (BLUE_GREEN, LINEAR, CANARY). */
    @RegisterForReflection
    public record LoadBalancerSpec(String targetGroupArn, String containerName, int containerPort,
                                   AdvancedSpec advanced) {
    }

    /** ECS's {@code loadBalancers[].advancedConfiguration}; {@code testListenerRule} may be null. */
    @RegisterForReflection
    public record AdvancedSpec(String alternateTargetGroupArn, String productionListenerRule, String testListenerRule,
                               String roleArn) {
    }

    /**
     * A traffic-shifting strategy (BLUE_GREEN, LINEAR or CANARY) with its settings; null for ROLLING, ECS's default,
     * so that a rolling service compares as it did before strategies existed. {@code linear} and {@code canary} are
     * set only for their strategy; hooks are in the order of the config.
     */
    @RegisterForReflection
    public record StrategySpec(String strategy, Integer bakeTimeInMinutes, Double stepPercent,
                               Integer stepBakeTimeInMinutes, Double canaryPercent, Integer canaryBakeTimeInMinutes,
                               List<HookSpec> lifecycleHooks) {
    }

    /** One lifecycle hook: stages in ECS's order of the deployment (sorted by the builder and the reader alike). */
    @RegisterForReflection
    public record HookSpec(String hookTargetArn, String roleArn, List<String> lifecycleStages) {
    }

    /** Alarm-based rollback: the deployer's alarms, with rollback on; null when the config lists none. */
    @RegisterForReflection
    public record DeploymentAlarmsSpec(List<String> alarmNames, boolean enable, boolean rollback) {
    }
}
