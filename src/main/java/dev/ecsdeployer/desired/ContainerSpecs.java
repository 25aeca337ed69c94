package dev.ecsdeployer.desired;

import dev.ecsdeployer.config.ContainerConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.TaskDefinitionConfig;
import dev.ecsdeployer.config.VolumeConfig;
import dev.ecsdeployer.desired.TaskDefinitionSpec.ContainerSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.EfsSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.FirelensSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.LogConfigurationSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.MountPointSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.PortMappingSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.UlimitSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.VolumeSpec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.ecsdeployer.desired.DesiredStateBuilder.sorted;

/**
 * The several-containers form → the task definition spec. The container that follows the image runs {@code image};
 * the others run their own, a tag replaced by the digest it was resolved to. Values ECS stores as absent when they
 * are off (false, empty) are absent here too, so that a described revision compares equal.
 */
final class ContainerSpecs {

    private ContainerSpecs() {
    }

    static TaskDefinitionSpec taskDefinition(ServiceConfig config, ImageRef image, Map<String, String> pinned,
                                             String region) {
        if (image == null) {
            return null;
        }
        TaskDefinitionConfig td = config.taskDefinition();
        ContainerSpec following = null;
        TreeMap<String, ContainerSpec> sidecars = new TreeMap<>();
        for (ContainerConfig c : td.containers()) {
            if (c.follows()) {
                following = container(c, image.image(), config, region);
            } else {
                sidecars.put(c.name(), container(c, pinned.getOrDefault(c.image(), c.image()), config, region));
            }
        }
        return new TaskDefinitionSpec(
                td.family(),
                String.valueOf(td.cpu()),
                String.valueOf(td.memory()),
                td.cpuArchitecture().name(),
                "LINUX",
                "awsvpc",
                List.of("FARGATE"),
                td.executionRoleArn(),
                td.taskRoleArn(),
                following,
                sidecars,
                td.ephemeralStorageGiB(),
                volumes(td.volumes()),
                td.tags() == null ? null : sorted(td.tags()));
    }

    static TreeMap<String, VolumeSpec> volumes(List<VolumeConfig> volumes) {
        TreeMap<String, VolumeSpec> out = new TreeMap<>();
        if (volumes != null) {
            volumes.forEach(v -> out.put(v.name(), new VolumeSpec(v.efs() == null ? null : new EfsSpec(
                    v.efs().fileSystemId(),
                    v.efs().accessPointId() != null || v.efs().rootDirectory() == null
                            || v.efs().rootDirectory().equals("/") ? null : v.efs().rootDirectory(),
                    Boolean.TRUE.equals(v.efs().transitEncryption()) ? "ENABLED" : "DISABLED",
                    v.efs().accessPointId(),
                    Boolean.TRUE.equals(v.efs().iamAuthorization()) ? "ENABLED" : "DISABLED"))));
        }
        return out;
    }

    private static ContainerSpec container(ContainerConfig c, String image, ServiceConfig config, String region) {
        TreeMap<String, String> dependsOn = new TreeMap<>();
        c.dependsOn().forEach(d -> dependsOn.put(d.containerName(), d.condition()));
        TreeMap<String, UlimitSpec> ulimits = new TreeMap<>();
        c.ulimits().forEach(u -> ulimits.put(u.name(), new UlimitSpec(u.softLimit(), u.hardLimit())));
        LogConfigurationSpec logs = c.logConfiguration() != null
                ? new LogConfigurationSpec(c.logConfiguration().logDriver(), sorted(c.logConfiguration().options()))
                : new LogConfigurationSpec("awslogs", new TreeMap<>(Map.of(
                        "awslogs-group", config.logGroup().name(),
                        "awslogs-region", region,
                        "awslogs-stream-prefix", c.name())));
        return new ContainerSpec(
                c.name(),
                image,
                c.essential(),
                c.portMappings().stream().map(p -> new PortMappingSpec(p.containerPort(), p.hostPort(), p.protocol(),
                        p.name(), p.appProtocol())).toList(),
                sorted(c.environment()),
                sorted(c.secrets()),
                DesiredStateBuilder.healthCheck(c.healthCheck()),
                c.stopTimeout(),
                logs,
                c.command(),
                c.entryPoint(),
                c.workingDirectory(),
                c.user(),
                dependsOn,
                c.readonlyRootFilesystem() ? true : null,
                ulimits,
                c.linuxParameters() != null && Boolean.TRUE.equals(c.linuxParameters().initProcessEnabled()) ? true : null,
                sorted(c.dockerLabels()),
                c.firelensConfiguration() == null ? null : new FirelensSpec(c.firelensConfiguration().type(),
                        sorted(c.firelensConfiguration().options())),
                c.mountPoints().stream().map(m -> new MountPointSpec(m.sourceVolume(), m.containerPath(),
                        Boolean.TRUE.equals(m.readOnly()))).toList());
    }
}
