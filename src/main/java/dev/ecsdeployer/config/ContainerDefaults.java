package dev.ecsdeployer.config;

import java.util.List;

import static dev.ecsdeployer.config.ConfigDefaults.list;
import static dev.ecsdeployer.config.ConfigDefaults.map;
import static dev.ecsdeployer.config.ConfigDefaults.or;

/**
 * Defaults of the several-containers form: each container is essential unless it says otherwise, ports are tcp
 * with hostPort = containerPort (awsvpc), health checks get ECS's defaults. The single-container fields stay as
 * the document left them (absent), so that the validator can report any that were set.
 */
final class ContainerDefaults {

    private ContainerDefaults() {
    }

    static TaskDefinitionConfig taskDefinition(TaskDefinitionConfig task, String qualifiedName) {
        return new TaskDefinitionConfig(
                or(task.family(), qualifiedName),
                task.cpu(),
                task.memory(),
                or(task.cpuArchitecture(), CpuArchitecture.X86_64),
                task.executionRoleArn(),
                task.taskRoleArn(),
                task.containerName(),
                task.containerPort(),
                task.hostPort(),
                task.environment(),
                task.secrets(),
                task.healthCheck(),
                task.stopTimeout(),
                task.logStreamPrefix(),
                task.containers().stream().map(ContainerDefaults::container).toList(),
                task.ephemeralStorageGiB(),
                task.volumes() == null ? null : List.copyOf(task.volumes()),
                task.tags() == null ? null : map(task.tags()));
    }

    private static ContainerConfig container(ContainerConfig c) {
        return new ContainerConfig(
                c.name(),
                or(c.followsImage(), false),
                c.image(),
                or(c.essential(), true),
                c.command() == null ? null : List.copyOf(c.command()),
                c.entryPoint() == null ? null : List.copyOf(c.entryPoint()),
                c.workingDirectory(),
                c.user(),
                map(c.environment()),
                map(c.secrets()),
                c.healthCheck() == null ? null : new HealthCheckConfig(
                        c.healthCheck().command() == null ? null : List.copyOf(c.healthCheck().command()),
                        or(c.healthCheck().interval(), ConfigDefaults.HEALTH_CHECK_INTERVAL),
                        or(c.healthCheck().timeout(), ConfigDefaults.HEALTH_CHECK_TIMEOUT),
                        or(c.healthCheck().retries(), ConfigDefaults.HEALTH_CHECK_RETRIES),
                        or(c.healthCheck().startPeriod(), ConfigDefaults.HEALTH_CHECK_START_PERIOD)),
                list(c.portMappings()).stream().map(p -> new ContainerConfig.PortMapping(p.containerPort(),
                        or(p.hostPort(), p.containerPort()), or(p.protocol(), "tcp"), p.name(), p.appProtocol()))
                        .toList(),
                list(c.dependsOn()),
                c.stopTimeout(),
                or(c.readonlyRootFilesystem(), false),
                list(c.ulimits()),
                c.linuxParameters(),
                map(c.dockerLabels()),
                c.logConfiguration() == null ? null
                        : new ContainerConfig.LogConfiguration(c.logConfiguration().logDriver(),
                                map(c.logConfiguration().options())),
                c.firelensConfiguration() == null ? null
                        : new ContainerConfig.Firelens(c.firelensConfiguration().type(),
                                map(c.firelensConfiguration().options())),
                list(c.mountPoints()));
    }
}
