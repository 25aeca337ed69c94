package dev.ecsdeployer.apply;

import dev.ecsdeployer.desired.ServiceSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.ContainerSpec;
import software.amazon.awssdk.services.ecs.model.EFSAuthorizationConfig;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.EFSVolumeConfiguration;
import software.amazon.awssdk.services.ecs.model.EphemeralStorage;
import software.amazon.awssdk.services.ecs.model.FirelensConfiguration;
import software.amazon.awssdk.services.ecs.model.LinuxParameters;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Ulimit;
import software.amazon.awssdk.services.ecs.model.Volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container, volume and capacity fields of the ECS requests (see {@link EcsRequests}). Pure. */
final class ContainerRequests {

    private ContainerRequests() {
    }

    static void containerLevel(ContainerSpec c, ContainerDefinition.Builder b) {
        if (c.command() != null) {
            b.command(c.command());
        }
        if (c.entryPoint() != null) {
            b.entryPoint(c.entryPoint());
        }
        b.workingDirectory(c.workingDirectory()).user(c.user()).readonlyRootFilesystem(c.readonlyRootFilesystem());
        if (c.dependsOn() != null) {
            b.dependsOn(c.dependsOn().entrySet().stream().map(e -> ContainerDependency.builder()
                    .containerName(e.getKey()).condition(e.getValue()).build()).toList());
        }
        if (c.ulimits() != null) {
            b.ulimits(c.ulimits().entrySet().stream().map(e -> Ulimit.builder().name(e.getKey())
                    .softLimit(e.getValue().softLimit()).hardLimit(e.getValue().hardLimit()).build()).toList());
        }
        if (c.initProcessEnabled() != null) {
            b.linuxParameters(LinuxParameters.builder().initProcessEnabled(c.initProcessEnabled()).build());
        }
        if (c.dockerLabels() != null && !c.dockerLabels().isEmpty()) {
            b.dockerLabels(c.dockerLabels());
        }
        if (c.firelensConfiguration() != null) {
            b.firelensConfiguration(FirelensConfiguration.builder().type(c.firelensConfiguration().type())
                    .options(c.firelensConfiguration().options() == null || c.firelensConfiguration().options().isEmpty()
                            ? null : c.firelensConfiguration().options())
                    .build());
        }
        if (c.mountPoints() != null) {
            b.mountPoints(c.mountPoints().stream().map(m -> MountPoint.builder().sourceVolume(m.sourceVolume())
                    .containerPath(m.containerPath()).readOnly(m.readOnly()).build()).toList());
        }
    }

    static void taskLevel(TaskDefinitionSpec td, RegisterTaskDefinitionRequest.Builder b) {
        if (td.ephemeralStorageGiB() != null) {
            b.ephemeralStorage(EphemeralStorage.builder().sizeInGiB(td.ephemeralStorageGiB()).build());
        }
        if (td.volumes() != null && !td.volumes().isEmpty()) {
            b.volumes(td.volumes().entrySet().stream().map(e -> {
                Volume.Builder v = Volume.builder().name(e.getKey());
                TaskDefinitionSpec.EfsSpec efs = e.getValue().efs();
                if (efs != null) {
                    v.efsVolumeConfiguration(EFSVolumeConfiguration.builder()
                            .fileSystemId(efs.fileSystemId())
                            .rootDirectory(efs.rootDirectory())
                            .transitEncryption(efs.transitEncryption())
                            .authorizationConfig(efs.accessPointId() == null && "DISABLED".equals(efs.iam()) ? (EFSAuthorizationConfig) null
                                    : EFSAuthorizationConfig.builder().accessPointId(efs.accessPointId())
                                    .iam(efs.iam()).build())
                            .build());
                }
                return v.build();
            }).toList());
        }
    }

    /** The strategy, or null (not an empty list) when the service runs on its launch type. */
    static List<CapacityProviderStrategyItem> strategy(ServiceSpec s) {
        if (s.capacityProviderStrategy() == null || s.capacityProviderStrategy().isEmpty()) {
            return null;
        }
        return s.capacityProviderStrategy().entrySet().stream().map(e -> CapacityProviderStrategyItem.builder()
                .capacityProvider(e.getKey()).base(e.getValue().base()).weight(e.getValue().weight()).build())
                .toList();
    }

    /**
     * A service leaving its capacity provider strategy for the launch type: ECS takes an empty strategy for that
     * (UpdateService cannot name a launch type). Sent only then: an empty list on any other update would be a
     * change of its own.
     */
    static software.amazon.awssdk.services.ecs.model.UpdateServiceRequest backToLaunchType(
            software.amazon.awssdk.services.ecs.model.UpdateServiceRequest request, ServiceSpec desired,
            dev.ecsdeployer.actual.ServiceState actual) {
        boolean running = actual != null && actual.spec() != null && actual.spec().capacityProviderStrategy() != null;
        boolean wanted = desired.capacityProviderStrategy() != null;
        var update = running && !wanted ? request.toBuilder().capacityProviderStrategy(List.of()) : request.toBuilder();
        // Service discovery removed from the config: an empty list takes the registry off the service.
        boolean registered = actual != null && actual.spec() != null && actual.spec().serviceRegistries() != null;
        if (registered && desired.serviceRegistries() == null) {
            update.serviceRegistries(List.of());
        }
        return update.build();
    }

    /** The deployer's tags, and the config's beside them (the deployer's win a clash the validator forbids). */
    static Map<String, String> withConfigTags(Map<String, String> own, ServiceSpec s) {
        Map<String, String> all = new LinkedHashMap<>(own);
        if (s.tags() != null) {
            s.tags().forEach(all::putIfAbsent);
        }
        return all;
    }
}
