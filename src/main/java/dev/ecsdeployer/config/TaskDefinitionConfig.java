package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * The task definition: one Fargate container per service, as in the seed. {@code cpu} is in
 * CPU units (256 = 0.25 vCPU) and {@code memory} in MiB. {@code hostPort}, when given, must
 * equal {@code containerPort} (awsvpc). {@code secrets} maps a variable name to its
 * {@code valueFrom} ({@code <secret-arn>:<json-key>:<version-stage>:<version-id>} or an SSM
 * parameter ARN).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDefinitionConfig(
        String family,
        Integer cpu,
        Integer memory,
        CpuArchitecture cpuArchitecture,
        String executionRoleArn,
        String taskRoleArn,
        String containerName,
        Integer containerPort,
        Integer hostPort,
        Map<String, String> environment,
        Map<String, String> secrets,
        HealthCheckConfig healthCheck,
        Integer stopTimeout,
        String logStreamPrefix) {
}
