package dev.ecsdeployer.desired;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

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
        StrategySpec strategy,
        // Absent when unused, so that the single-container service compares and reports as before.
        @JsonInclude(Include.NON_EMPTY) SortedMap<String, CapacityProviderSpec> capacityProviderStrategy,
        /* Two or more target groups, by ARN; one is {@code loadBalancer}. */
        @JsonInclude(Include.NON_EMPTY) SortedMap<String, LoadBalancerSpec> loadBalancers,
        @JsonInclude(Include.NON_NULL) String platformVersion,
        @JsonInclude(Include.NON_NULL) String propagateTags,
        @JsonInclude(Include.NON_EMPTY) SortedMap<String, String> tags,
        @JsonInclude(Include.NON_NULL) String availabilityZoneRebalancing,
        @JsonInclude(Include.NON_EMPTY) List<RegistrySpec> serviceRegistries) {

    /** Empty and absent are one value, so that specs built from config and read from ECS are equal. */
    public ServiceSpec {
        capacityProviderStrategy = capacityProviderStrategy == null || capacityProviderStrategy.isEmpty() ? null
                : capacityProviderStrategy;
        loadBalancers = loadBalancers == null || loadBalancers.isEmpty() ? null : loadBalancers;
        tags = tags == null || tags.isEmpty() ? null : tags;
        serviceRegistries = serviceRegistries == null || serviceRegistries.isEmpty() ? null
                : List.copyOf(serviceRegistries);
    }

    public ServiceSpec(String cluster, String serviceName, Integer desiredCount, String launchType,
                       List<String> subnets, List<String> securityGroups, String assignPublicIp,
                       LoadBalancerSpec loadBalancer, int maximumPercent, int minimumHealthyPercent,
                       boolean circuitBreakerEnable, boolean circuitBreakerRollback, DeploymentAlarmsSpec alarms,
                       boolean enableExecuteCommand, Integer healthCheckGracePeriodSeconds) {
        this(cluster, serviceName, desiredCount, launchType, subnets, securityGroups, assignPublicIp, loadBalancer,
                maximumPercent, minimumHealthyPercent, circuitBreakerEnable, circuitBreakerRollback, alarms,
                enableExecuteCommand, healthCheckGracePeriodSeconds, null, null, null, null, null, null, null, null);
    }

    /** These settings with the desired count left to a scaling target. */
    public ServiceSpec withoutDesiredCount() {
        return desiredCount == null ? this
                : new ServiceSpec(cluster, serviceName, null, launchType, subnets, securityGroups, assignPublicIp,
                        loadBalancer, maximumPercent, minimumHealthyPercent, circuitBreakerEnable,
                        circuitBreakerRollback, alarms, enableExecuteCommand, healthCheckGracePeriodSeconds, strategy,
                        capacityProviderStrategy, loadBalancers, platformVersion, propagateTags, tags,
                        availabilityZoneRebalancing, serviceRegistries);
    }

    /**
     * This actual spec as far as {@code wanted} manages it: of the service's tags only the keys the config names
     * (ECS and other tools add their own), the platform version, tag propagation and AZ rebalancing only when the
     * config sets them (ECS fills its own defaults).
     */
    public ServiceSpec managedBy(ServiceSpec wanted) {
        TreeMap<String, String> kept = new TreeMap<>();
        if (wanted.tags() != null && tags != null) {
            wanted.tags().keySet().forEach(k -> {
                if (tags.containsKey(k)) {
                    kept.put(k, tags.get(k));
                }
            });
        }
        return new ServiceSpec(cluster, serviceName, desiredCount, launchType, subnets, securityGroups,
                assignPublicIp, loadBalancer, maximumPercent, minimumHealthyPercent, circuitBreakerEnable,
                circuitBreakerRollback, alarms, enableExecuteCommand, healthCheckGracePeriodSeconds, strategy,
                capacityProviderStrategy, loadBalancers,
                wanted.platformVersion() == null ? null : platformVersion,
                wanted.propagateTags() == null ? null : propagateTags,
                kept,
                wanted.availabilityZoneRebalancing() == null ? null : availabilityZoneRebalancing,
                serviceRegistries);
    }

    /** Every target group: {@code loadBalancer} or {@code loadBalancers}. */
    public List<LoadBalancerSpec> allLoadBalancers() {
        if (loadBalancers != null && !loadBalancers.isEmpty()) {
            return List.copyOf(loadBalancers.values());
        }
        return loadBalancer == null ? List.of() : List.of(loadBalancer);
    }

    /** Service discovery: the Cloud Map service and what is registered (unset fields null). */
    @RegisterForReflection
    public record RegistrySpec(String registryArn, Integer port, String containerName, Integer containerPort) {
    }

    @RegisterForReflection
    public record CapacityProviderSpec(int base, int weight) {
    }

    /** {@code advanced} is null unless the strategy shifts traffic (BLUE_GREEN, LINEAR, CANARY). */
    @RegisterForReflection
    public record LoadBalancerSpec(String targetGroupArn, String containerName, int containerPort,
                                   AdvancedSpec advanced) {

        public LoadBalancerSpec(String targetGroupArn, String containerName, int containerPort) {
            this(targetGroupArn, containerName, containerPort, null);
        }
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
