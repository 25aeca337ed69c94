package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The task definition: one Fargate container per service, as in the seed, or several ({@code containers}, in
 * which case the single-container fields are left out). {@code cpu} is in
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
        String logStreamPrefix,
        List<ContainerConfig> containers,
        Integer ephemeralStorageGiB,
        List<VolumeConfig> volumes,
        Map<String, String> tags) {

    /** The single-container form. */
    public TaskDefinitionConfig(String family, Integer cpu, Integer memory, CpuArchitecture cpuArchitecture,
                                String executionRoleArn, String taskRoleArn, String containerName,
                                Integer containerPort, Integer hostPort, Map<String, String> environment,
                                Map<String, String> secrets, HealthCheckConfig healthCheck, Integer stopTimeout,
                                String logStreamPrefix) {
        this(family, cpu, memory, cpuArchitecture, executionRoleArn, taskRoleArn, containerName, containerPort,
                hostPort, environment, secrets, healthCheck, stopTimeout, logStreamPrefix, null, null, null, null);
    }

    /**
     * Every secret of the task, by the path that names it ({@code taskDefinition.secrets.DB} or
     * {@code taskDefinition.containers[1].secrets.DB}) → its valueFrom: each passes the same reach check.
     */
    public java.util.SortedMap<String, String> allSecrets() {
        java.util.TreeMap<String, String> all = new java.util.TreeMap<>();
        if (secrets != null) {
            secrets.forEach((name, valueFrom) -> all.put("taskDefinition.secrets." + name, valueFrom));
        }
        if (containers != null) {
            for (int i = 0; i < containers.size(); i++) {
                String at = "taskDefinition.containers[" + i + "].secrets.";
                if (containers.get(i).secrets() != null) {
                    containers.get(i).secrets().forEach((name, valueFrom) -> all.put(at + name, valueFrom));
                }
            }
        }
        return all;
    }

    /** The container that runs the followed image: {@code containerName}, or the container that follows it. */
    public String followingContainerName() {
        if (containers == null) {
            return containerName;
        }
        return containers.stream().filter(ContainerConfig::follows).map(ContainerConfig::name).findFirst()
                .orElse(null);
    }

    /** The following container's first port, where a load balancer sends traffic by default. */
    public Integer followingContainerPort() {
        if (containers == null) {
            return containerPort;
        }
        return containers.stream().filter(ContainerConfig::follows).findFirst()
                .flatMap(c -> c.portMappings() == null ? java.util.Optional.empty()
                        : c.portMappings().stream().findFirst().map(ContainerConfig.PortMapping::containerPort))
                .orElse(null);
    }
}
