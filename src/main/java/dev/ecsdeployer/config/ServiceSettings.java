package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/** The ECS service: where it runs, how many tasks, and how it rolls out. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSettings(
        String cluster,
        String serviceName,
        Integer desiredCount,
        List<String> subnets,
        List<String> securityGroups,
        Boolean assignPublicIp,
        LoadBalancerConfig loadBalancer,
        DeploymentSettings deployment,
        Boolean enableExecuteCommand,
        Integer healthCheckGracePeriodSeconds,
        PreDeployConfig preDeploy,
        String launchType,
        List<CapacityProviderItem> capacityProviderStrategy,
        List<TargetGroupConfig> loadBalancers,
        String platformVersion,
        String propagateTags,
        Map<String, String> tags,
        String availabilityZoneRebalancing,
        List<ServiceRegistryConfig> serviceRegistries) {

    public ServiceSettings(String cluster, String serviceName, Integer desiredCount, List<String> subnets,
                           List<String> securityGroups, Boolean assignPublicIp, LoadBalancerConfig loadBalancer,
                           DeploymentSettings deployment, Boolean enableExecuteCommand,
                           Integer healthCheckGracePeriodSeconds) {
        this(cluster, serviceName, desiredCount, subnets, securityGroups, assignPublicIp, loadBalancer, deployment,
                enableExecuteCommand, healthCheckGracePeriodSeconds, null, null, null, null, null, null, null, null, null);
    }

    /** One entry of a capacity provider strategy: FARGATE or FARGATE_SPOT, with its base and weight. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CapacityProviderItem(String capacityProvider, Integer base, Integer weight) {
    }

    /**
     * A Cloud Map service the tasks register in (service discovery): {@code port} for SRV records, or the
     * container and port whose address is registered.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceRegistryConfig(String registryArn, Integer port, String containerName, Integer containerPort) {
    }

    /** A target group the service registers one container's port in (one per container and port). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetGroupConfig(String targetGroupArn, String containerName, Integer containerPort) {
    }
}
