package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

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
        PreDeployConfig preDeploy) {
}
