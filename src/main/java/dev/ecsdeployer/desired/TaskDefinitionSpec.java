package dev.ecsdeployer.desired;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
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
        ContainerSpec container,
        // Absent (not null) when unused, so that a single-container spec keeps its fingerprint and diff paths.
        @JsonInclude(Include.NON_EMPTY) SortedMap<String, ContainerSpec> sidecars,
        @JsonInclude(Include.NON_NULL) Integer ephemeralStorageGiB,
        @JsonInclude(Include.NON_EMPTY) SortedMap<String, VolumeSpec> volumes,
        @JsonInclude(Include.NON_EMPTY) SortedMap<String, String> tags) {

    /** Empty and absent are one value, so that specs built from config and read from ECS are equal. */
    public TaskDefinitionSpec {
        sidecars = sidecars == null || sidecars.isEmpty() ? null : sidecars;
        volumes = volumes == null || volumes.isEmpty() ? null : volumes;
        tags = tags == null || tags.isEmpty() ? null : tags;
    }

    static <T extends java.util.Collection<?>> T orNull(T values) {
        return values == null || values.isEmpty() ? null : values;
    }

    static <T extends java.util.Map<?, ?>> T orNull(T values) {
        return values == null || values.isEmpty() ? null : values;
    }

    public TaskDefinitionSpec(String family, String cpu, String memory, String cpuArchitecture,
                              String operatingSystemFamily, String networkMode, List<String> requiresCompatibilities,
                              String executionRoleArn, String taskRoleArn, ContainerSpec container) {
        this(family, cpu, memory, cpuArchitecture, operatingSystemFamily, networkMode, requiresCompatibilities,
                executionRoleArn, taskRoleArn, container, null, null, null, null);
    }

    /** This actual spec as far as {@code wanted} manages it: its tags only when the config names some. */
    public TaskDefinitionSpec managedBy(TaskDefinitionSpec wanted) {
        if (wanted.tags() != null || tags == null) {
            return this;
        }
        return new TaskDefinitionSpec(family, cpu, memory, cpuArchitecture, operatingSystemFamily, networkMode,
                requiresCompatibilities, executionRoleArn, taskRoleArn, container, sidecars, ephemeralStorageGiB,
                volumes, null);
    }

    /** Every container: the following one first, then the sidecars by name. */
    public List<ContainerSpec> containers() {
        List<ContainerSpec> all = new java.util.ArrayList<>();
        if (container != null) {
            all.add(container);
        }
        if (sidecars != null) {
            all.addAll(sidecars.values());
        }
        return all;
    }

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
            LogConfigurationSpec logConfiguration,
            @JsonInclude(Include.NON_EMPTY) List<String> command,
            @JsonInclude(Include.NON_EMPTY) List<String> entryPoint,
            @JsonInclude(Include.NON_NULL) String workingDirectory,
            @JsonInclude(Include.NON_NULL) String user,
            @JsonInclude(Include.NON_EMPTY) SortedMap<String, String> dependsOn,
            @JsonInclude(Include.NON_NULL) Boolean readonlyRootFilesystem,
            @JsonInclude(Include.NON_EMPTY) SortedMap<String, UlimitSpec> ulimits,
            @JsonInclude(Include.NON_NULL) Boolean initProcessEnabled,
            @JsonInclude(Include.NON_EMPTY) SortedMap<String, String> dockerLabels,
            @JsonInclude(Include.NON_NULL) FirelensSpec firelensConfiguration,
            @JsonInclude(Include.NON_EMPTY) List<MountPointSpec> mountPoints) {

        public ContainerSpec {
            command = orNull(command);
            entryPoint = orNull(entryPoint);
            dependsOn = orNull(dependsOn);
            ulimits = orNull(ulimits);
            dockerLabels = orNull(dockerLabels);
            mountPoints = orNull(mountPoints);
        }

        public ContainerSpec(String name, String image, boolean essential, List<PortMappingSpec> portMappings,
                             SortedMap<String, String> environment, SortedMap<String, String> secrets,
                             HealthCheckSpec healthCheck, Integer stopTimeout, LogConfigurationSpec logConfiguration) {
            this(name, image, essential, portMappings, environment, secrets, healthCheck, stopTimeout,
                    logConfiguration, null, null, null, null, null, null, null, null, null, null, null);
        }

        public ContainerSpec withImage(String newImage) {
            return new ContainerSpec(name, newImage, essential, portMappings, environment, secrets, healthCheck,
                    stopTimeout, logConfiguration, command, entryPoint, workingDirectory, user, dependsOn,
                    readonlyRootFilesystem, ulimits, initProcessEnabled, dockerLabels, firelensConfiguration,
                    mountPoints);
        }
    }

    @RegisterForReflection
    public record PortMappingSpec(int containerPort, int hostPort, String protocol,
                                  @JsonInclude(Include.NON_NULL) String name,
                                  @JsonInclude(Include.NON_NULL) String appProtocol) {

        public PortMappingSpec(int containerPort, int hostPort, String protocol) {
            this(containerPort, hostPort, protocol, null, null);
        }
    }

    @RegisterForReflection
    public record UlimitSpec(int softLimit, int hardLimit) {
    }

    @RegisterForReflection
    public record FirelensSpec(String type, @JsonInclude(Include.NON_EMPTY) SortedMap<String, String> options) {

        public FirelensSpec {
            options = orNull(options);
        }
    }

    @RegisterForReflection
    public record MountPointSpec(String sourceVolume, String containerPath, boolean readOnly) {
    }

    /** A volume; {@code efs} null for a volume on the task's ephemeral storage. */
    @RegisterForReflection
    public record VolumeSpec(EfsSpec efs) {
    }

    @RegisterForReflection
    public record EfsSpec(String fileSystemId, String rootDirectory, String transitEncryption, String accessPointId,
                          String iam) {
    }

    @RegisterForReflection
    public record HealthCheckSpec(List<String> command, int interval, int timeout, int retries, Integer startPeriod) {
    }

    @RegisterForReflection
    public record LogConfigurationSpec(String logDriver, SortedMap<String, String> options) {
    }
}
