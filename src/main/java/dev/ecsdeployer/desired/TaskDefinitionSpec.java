package dev.ecsdeployer.desired;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.SortedMap;

/**
 * The part of a task definition the deployer manages, in one canonical form. The desired
 * spec is built from config; the actual one from a described task definition after
 * normalisation; the two are compared field by field. A register request is built from a
 * spec, never from a described task definition (its read-only fields are rejected).
 */
@RegisterForReflection
public record TaskDefinitionSpec(
        String family,
        String cpu,
        String memory,
        String cpuArchitecture,
        String operatingSystemFamily,
        String networkMode,
        List<String> requiresCompatibilities,
        String executionRoleArn,
        String taskRoleArn,
        ContainerSpec container) {

    @RegisterForReflection
    public record ContainerSpec(
            String name,
            String image,
            boolean essential,
            List<PortMappingSpec> portMappings,
            SortedMap<String, String> environment,
            SortedMap<String, String> secrets,
            HealthCheckSpec healthCheck,
            Integer stopTimeout,
            LogConfigurationSpec logConfiguration) {
    }

    @RegisterForReflection
    public record PortMappingSpec(int containerPort, int hostPort, String protocol) {
    }

    @RegisterForReflection
    public record HealthCheckSpec(List<String> command, int interval, int timeout, int retries, Integer startPeriod) {
    }

    @RegisterForReflection
    public record LogConfigurationSpec(String logDriver, SortedMap<String, String> options) {
    }
}
