package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ServiceSpec;
import dev.ecsdeployer.desired.ServiceSpec.AdvancedSpec;
import dev.ecsdeployer.desired.ServiceSpec.DeploymentAlarmsSpec;
import dev.ecsdeployer.desired.ServiceSpec.HookSpec;
import dev.ecsdeployer.desired.ServiceSpec.LoadBalancerSpec;
import dev.ecsdeployer.desired.ServiceSpec.StrategySpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.ContainerSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.HealthCheckSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.LogConfigurationSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.PortMappingSpec;
import software.amazon.awssdk.services.ecs.model.AdvancedConfiguration;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What ECS fills in or reshapes when it stores a task definition or a service, undone so that
 * a described resource compares equal to the spec it was created from. This is the one list:
 * each rule has its reason, and {@link #RULES} is what the README and drift reports cite.
 */
public final class EcsNormalisation {

    public record Rule(String field, String reason) {
    }

    public static final List<Rule> RULES = List.of(
            new Rule("taskDefinition (arn, revision, status, registeredAt, requiresAttributes, compatibilities)",
                    "describe-only fields; not part of what the config says, and RegisterTaskDefinition rejects them"),
            new Rule("taskDefinition.cpu / memory",
                    "may be written as '0.25 vCPU' / '1 GB'; ECS returns CPU units and MiB as strings"),
            new Rule("taskDefinition.cpuArchitecture / operatingSystemFamily",
                    "an absent runtimePlatform means X86_64 on LINUX"),
            new Rule("taskDefinition.requiresCompatibilities", "order is not significant"),
            new Rule("container (which one)", "ECS may reorder containerDefinitions; the container is matched by name"),
            new Rule("container.essential", "ECS returns true when it was omitted"),
            new Rule("container.portMappings[].hostPort", "awsvpc: ECS sets it to containerPort when omitted"),
            new Rule("container.portMappings[].protocol", "ECS returns tcp when omitted"),
            new Rule("container.environment / secrets", "ECS returns [] for absent lists and does not keep order"),
            new Rule("container.healthCheck interval / timeout / retries", "ECS fills 30 / 5 / 3 when omitted"),
            new Rule("container.cpu, versionConsistency, mountPoints, volumesFrom",
                    "ECS fills 0 / enabled / []; the deployer does not manage them"),
            new Rule("service.desiredCount", "owned by Application Auto Scaling when the service has a scaling target"),
            new Rule("service.networkConfiguration.awsvpcConfiguration.assignPublicIp", "ECS returns DISABLED when omitted"),
            new Rule("service subnets / securityGroups", "order is not significant"),
            new Rule("service.deploymentConfiguration",
                    "ECS returns 200 / 100 and a disabled circuit breaker when omitted"),
            new Rule("service.deploymentConfiguration.alarms", "absent and disabled-with-no-alarms are the same"),
            new Rule("service.deploymentConfiguration.strategy", "absent and ROLLING are the same; with ROLLING,"
                    + " bake time, lifecycle hooks and loadBalancers[].advancedConfiguration do not apply"),
            new Rule("service.healthCheckGracePeriodSeconds", "ECS returns 0 when omitted"),
            new Rule("service.enableExecuteCommand", "ECS returns false when omitted"),
            new Rule("service (platformVersion, role, tags, events, deployments, counts)",
                    "filled in by ECS or owned by it; not managed by the deployer"));

    private EcsNormalisation() {
    }

    /** The managed part of a described task definition, in canonical form. */
    public static TaskDefinitionSpec taskDefinition(TaskDefinition td, String containerName) {
        return taskDefinition(td, containerName, null);
    }

    /**
     * The same, with the other containers as sidecars and the revision's tags (those of the deployer and of AWS
     * left out); {@code tags} null: neither (the container named is the one compared).
     */
    public static TaskDefinitionSpec taskDefinition(TaskDefinition td, String containerName, List<Tag> tags) {
        ContainerDefinition c = td.containerDefinitions().stream()
                .filter(d -> d.name().equals(containerName))
                .findFirst()
                .orElse(td.containerDefinitions().isEmpty() ? null : td.containerDefinitions().get(0));
        TreeMap<String, ContainerSpec> sidecars = new TreeMap<>();
        TreeMap<String, String> ownTags = new TreeMap<>();
        if (tags != null) {
            td.containerDefinitions().stream().filter(d -> d != c).forEach(d -> sidecars.put(d.name(), container(d)));
        }
        (tags == null ? List.<Tag>of() : tags).stream().filter(t -> !t.key().startsWith("aws:") && !t.key().startsWith("ecs-deployer:"))
                .forEach(t -> ownTags.put(t.key(), t.value()));
        return new TaskDefinitionSpec(
                td.family(),
                cpuUnits(td.cpu()),
                memoryMiB(td.memory()),
                td.runtimePlatform() == null || td.runtimePlatform().cpuArchitecture() == null
                        ? "X86_64" : td.runtimePlatform().cpuArchitectureAsString(),
                td.runtimePlatform() == null || td.runtimePlatform().operatingSystemFamily() == null
                        ? "LINUX" : td.runtimePlatform().operatingSystemFamilyAsString(),
                td.networkModeAsString(),
                td.requiresCompatibilitiesAsStrings().stream().sorted().toList(),
                td.executionRoleArn(),
                td.taskRoleArn(),
                c == null ? null : container(c),
                sidecars,
                td.ephemeralStorage() == null ? null : td.ephemeralStorage().sizeInGiB(),
                ContainerNormalisation.volumes(td.volumes()),
                ownTags);
    }

    private static ContainerSpec container(ContainerDefinition c) {
        TreeMap<String, String> env = new TreeMap<>();
        for (KeyValuePair kv : c.environment()) {
            env.put(kv.name(), kv.value());
        }
        TreeMap<String, String> secrets = new TreeMap<>();
        for (Secret s : c.secrets()) {
            secrets.put(s.name(), s.valueFrom());
        }
        List<PortMappingSpec> ports = c.portMappings().stream().map(EcsNormalisation::port).toList();
        return new ContainerSpec(
                c.name(),
                c.image(),
                c.essential() == null || c.essential(),
                ports,
                env,
                secrets,
                healthCheck(c.healthCheck()),
                c.stopTimeout(),
                c.logConfiguration() == null ? null
                        : new LogConfigurationSpec(c.logConfiguration().logDriverAsString(),
                                new TreeMap<>(c.logConfiguration().options())),
                ContainerNormalisation.nonEmpty(c.command()),
                ContainerNormalisation.nonEmpty(c.entryPoint()),
                c.workingDirectory(),
                c.user(),
                ContainerNormalisation.dependsOn(c.dependsOn()),
                Boolean.TRUE.equals(c.readonlyRootFilesystem()) ? true : null,
                ContainerNormalisation.ulimits(c.ulimits()),
                c.linuxParameters() != null && Boolean.TRUE.equals(c.linuxParameters().initProcessEnabled())
                        ? true : null,
                new TreeMap<>(c.dockerLabels()),
                ContainerNormalisation.firelens(c.firelensConfiguration()),
                ContainerNormalisation.mountPoints(c.mountPoints()));
    }

    private static PortMappingSpec port(PortMapping p) {
        int container = p.containerPort() == null ? 0 : p.containerPort();
        return new PortMappingSpec(container, p.hostPort() == null ? container : p.hostPort(),
                p.protocol() == null ? "tcp" : p.protocolAsString(), p.name(), p.appProtocolAsString());
    }

    private static HealthCheckSpec healthCheck(HealthCheck h) {
        if (h == null) {
            return null;
        }
        return new HealthCheckSpec(List.copyOf(h.command()),
                h.interval() == null ? 30 : h.interval(),
                h.timeout() == null ? 5 : h.timeout(),
                h.retries() == null ? 3 : h.retries(),
                h.startPeriod() == null || h.startPeriod() == 0 ? null : h.startPeriod());
    }

    /** "256", "0.25 vCPU", "1 vcpu" → "256". */
    static String cpuUnits(String cpu) {
        if (cpu == null) {
            return null;
        }
        String v = cpu.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("vcpu")) {
            return new BigDecimal(v.substring(0, v.length() - 4).trim()).multiply(BigDecimal.valueOf(1024))
                    .stripTrailingZeros().toPlainString();
        }
        return v;
    }

    /** "1024", "1 GB", "0.5gb" → MiB. */
    static String memoryMiB(String memory) {
        if (memory == null) {
            return null;
        }
        String v = memory.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("gb")) {
            return new BigDecimal(v.substring(0, v.length() - 2).trim()).multiply(BigDecimal.valueOf(1024))
                    .stripTrailingZeros().toPlainString();
        }
        return v;
    }

    /** A described service → its state: identity, what it runs, PRIMARY deployment, managed settings, tags. */
    public static ServiceState service(Service s, String clusterName) {
        Deployment primary = s.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElse(null);
        ServiceSpec spec = spec(s, clusterName);
        return new ServiceState(s.serviceArn(), s.taskDefinition(), s.desiredCount(),
                primary == null ? null : primary.id(), primary == null ? null : primary.taskDefinition(),
                spec, ServiceTags.of(s), primary == null ? null : new ServiceState.Rollout(
                        primary.rolloutStateAsString(), primary.createdAt(),
                        s.events().isEmpty() ? null : s.events().get(0).message()),
                ContainerNormalisation.settings(spec, s));
    }

    /** The managed part of a described service, desired count included. */
    static ServiceSpec spec(Service s, String clusterName) {
        AwsVpcConfiguration vpc = s.networkConfiguration() == null ? null
                : s.networkConfiguration().awsvpcConfiguration();
        DeploymentConfiguration dc = s.deploymentConfiguration();
        DeploymentCircuitBreaker cb = dc == null ? null : dc.deploymentCircuitBreaker();
        LoadBalancer lb = s.loadBalancers().size() == 1 ? s.loadBalancers().get(0) : null;
        StrategySpec deployment = strategy(dc);
        TreeMap<String, ServiceSpec.CapacityProviderSpec> capacity = new TreeMap<>();
        s.capacityProviderStrategy().forEach(i -> capacity.put(i.capacityProvider(), new ServiceSpec.CapacityProviderSpec(
                i.base() == null ? 0 : i.base(), i.weight() == null ? 0 : i.weight())));
        TreeMap<String, LoadBalancerSpec> groups = new TreeMap<>();
        if (s.loadBalancers().size() > 1) {
            s.loadBalancers().forEach(g -> groups.put(g.targetGroupArn(), new LoadBalancerSpec(g.targetGroupArn(),
                    g.containerName(), g.containerPort() == null ? 0 : g.containerPort())));
        }
        return new ServiceSpec(
                clusterName,
                s.serviceName(),
                s.desiredCount(),
                s.launchType() != null ? s.launchTypeAsString() : capacity.isEmpty() ? "FARGATE" : null,
                vpc == null ? List.of() : vpc.subnets().stream().sorted().toList(),
                vpc == null ? List.of() : vpc.securityGroups().stream().sorted().toList(),
                vpc == null || vpc.assignPublicIp() == null ? "DISABLED" : vpc.assignPublicIpAsString(),
                lb == null ? null : new LoadBalancerSpec(lb.targetGroupArn(), lb.containerName(),
                        lb.containerPort() == null ? 0 : lb.containerPort(),
                        deployment == null ? null : advanced(lb.advancedConfiguration())),
                dc == null || dc.maximumPercent() == null ? 200 : dc.maximumPercent(),
                dc == null || dc.minimumHealthyPercent() == null ? 100 : dc.minimumHealthyPercent(),
                cb != null && Boolean.TRUE.equals(cb.enable()),
                cb != null && Boolean.TRUE.equals(cb.rollback()),
                alarms(dc == null ? null : dc.alarms()),
                Boolean.TRUE.equals(s.enableExecuteCommand()),
                s.healthCheckGracePeriodSeconds() == null || s.healthCheckGracePeriodSeconds() == 0
                        ? null : s.healthCheckGracePeriodSeconds(),
                deployment,
                capacity,
                groups,
                null, null, null, null,
                s.serviceRegistries().stream().map(r -> new ServiceSpec.RegistrySpec(r.registryArn(), r.port(),
                        r.containerName(), r.containerPort())).toList());
    }

    /** Null for ROLLING or no strategy: ECS's default, and what a rolling spec says. Hook stages sorted, as the spec's. */
    private static StrategySpec strategy(DeploymentConfiguration dc) {
        if (dc == null || dc.strategy() == null || dc.strategy() == DeploymentStrategy.ROLLING) {
            return null;
        }
        String name = dc.strategyAsString();
        boolean linear = "LINEAR".equals(name) && dc.linearConfiguration() != null;
        boolean canary = "CANARY".equals(name) && dc.canaryConfiguration() != null;
        return new StrategySpec(name, dc.bakeTimeInMinutes(),
                linear ? dc.linearConfiguration().stepPercent() : null,
                linear ? dc.linearConfiguration().stepBakeTimeInMinutes() : null,
                canary ? dc.canaryConfiguration().canaryPercent() : null,
                canary ? dc.canaryConfiguration().canaryBakeTimeInMinutes() : null,
                dc.lifecycleHooks().stream().map(h -> new HookSpec(h.hookTargetArn(), h.roleArn(),
                        h.lifecycleStagesAsStrings().stream().sorted().toList())).toList());
    }

    private static AdvancedSpec advanced(AdvancedConfiguration a) {
        return a == null ? null
                : new AdvancedSpec(a.alternateTargetGroupArn(), a.productionListenerRule(), a.testListenerRule(),
                        a.roleArn());
    }

    private static DeploymentAlarmsSpec alarms(DeploymentAlarms a) {
        if (a == null || (a.alarmNames().isEmpty() && !Boolean.TRUE.equals(a.enable()))) {
            return null;
        }
        return new DeploymentAlarmsSpec(a.alarmNames().stream().sorted().toList(),
                Boolean.TRUE.equals(a.enable()), Boolean.TRUE.equals(a.rollback()));
    }
}
