package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * One container of {@code taskDefinition.containers}. Exactly one container {@code followsImage}: it runs the
 * image the service follows ({@code image.repository}:{@code image.tag}) and a push changes only its image. Every
 * other container names its {@code image}, pinned by digest ({@code <registry>/<repository>@sha256:...}) or by a
 * tag of an ECR repository ({@code <registry>/<repository>:<tag>}), which the deployer resolves to its digest when
 * it reconciles. The other fields are ECS's container definition fields of the same names.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerConfig(
        String name,
        Boolean followsImage,
        String image,
        Boolean essential,
        List<String> command,
        List<String> entryPoint,
        String workingDirectory,
        String user,
        Map<String, String> environment,
        Map<String, String> secrets,
        HealthCheckConfig healthCheck,
        List<PortMapping> portMappings,
        List<Dependency> dependsOn,
        Integer stopTimeout,
        Boolean readonlyRootFilesystem,
        List<Ulimit> ulimits,
        LinuxParameters linuxParameters,
        Map<String, String> dockerLabels,
        LogConfiguration logConfiguration,
        Firelens firelensConfiguration,
        List<MountPoint> mountPoints) {

    public boolean follows() {
        return Boolean.TRUE.equals(followsImage);
    }

    /** awsvpc: {@code hostPort} is {@code containerPort} (default and only value); protocol tcp by default. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PortMapping(Integer containerPort, Integer hostPort, String protocol, String name,
                              String appProtocol) {
    }

    /** Start this container after {@code containerName} reached {@code condition}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dependency(String containerName, String condition) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ulimit(String name, Integer softLimit, Integer hardLimit) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LinuxParameters(Boolean initProcessEnabled) {
    }

    /** Default: awslogs to the service's log group, stream prefix the container's name. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogConfiguration(String logDriver, Map<String, String> options) {
    }

    /** Marks the FireLens log router ({@code fluentbit} or {@code fluentd}) that {@code awsfirelens} logs go to. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Firelens(String type, Map<String, String> options) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MountPoint(String sourceVolume, String containerPath, Boolean readOnly) {
    }
}
