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
        Integer healthCheckGracePeriodSeconds) {

    /** These settings with the desired count left to a scaling target. */
    public ServiceSpec withoutDesiredCount() {
        return desiredCount == null ? this
                : new ServiceSpec(cluster, serviceName, null, launchType, subnets, securityGroups, assignPublicIp,
                        loadBalancer, maximumPercent, minimumHealthyPercent, circuitBreakerEnable,
                        circuitBreakerRollback, alarms, enableExecuteCommand, healthCheckGracePeriodSeconds);
    }

    @RegisterForReflection
    public record LoadBalancerSpec(String targetGroupArn, String containerName, int containerPort) {
    }

    /** Alarm-based rollback: the deployer's alarms, with rollback on; null when the config lists none. */
    @RegisterForReflection
    public record DeploymentAlarmsSpec(List<String> alarmNames, boolean enable, boolean rollback) {
    }
}
