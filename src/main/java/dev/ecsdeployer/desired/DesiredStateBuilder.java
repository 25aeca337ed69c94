package dev.ecsdeployer.desired;

import dev.ecsdeployer.config.AdvancedLoadBalancerConfig;
import dev.ecsdeployer.config.AlarmConfig;
import dev.ecsdeployer.config.DeploymentSettings;
import dev.ecsdeployer.config.HealthCheckConfig;
import dev.ecsdeployer.config.LoadBalancerConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceSettings;
import dev.ecsdeployer.config.TaskDefinitionConfig;
import dev.ecsdeployer.desired.ServiceSpec.AdvancedSpec;
import dev.ecsdeployer.desired.ServiceSpec.DeploymentAlarmsSpec;
import dev.ecsdeployer.desired.ServiceSpec.HookSpec;
import dev.ecsdeployer.desired.ServiceSpec.LoadBalancerSpec;
import dev.ecsdeployer.desired.ServiceSpec.StrategySpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.ContainerSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.HealthCheckSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.LogConfigurationSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.PortMappingSpec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Config + image → the desired AWS state. Pure: expects a config the parser has resolved and validated. */
public final class DesiredStateBuilder {

    /** Every alarm the deployer owns starts with this. */
    public static final String OWNED_ALARM_PREFIX = "ecs-deployer/";

    private final String region;

    /** @param region the region the services run in (the awslogs driver needs it). */
    public DesiredStateBuilder(String region) {
        this.region = region;
    }

    public String region() {
        return region;
    }

    public DesiredState build(ServiceConfig config, ImageRef image) {
        return build(config, image, Map.of());
    }

    /**
     * @param pinned the sidecars' images as the config writes them ({@code <registry>/<repository>:<tag>}) → the
     *               same image pinned by digest, as resolved at this reconcile; images pinned by digest need none
     */
    public DesiredState build(ServiceConfig config, ImageRef image, Map<String, String> pinned) {
        return new DesiredState(
                config,
                image,
                new LogGroupSpec(config.logGroup().name(), config.logGroup().retentionDays()),
                config.taskDefinition().containers() == null ? taskDefinition(config, image)
                        : ContainerSpecs.taskDefinition(config, image, pinned, region),
                service(config),
                ScalingSpecBuilder.build(config));
    }

    /** The task definition for this image; ECS needs one image per revision, so no image means none. */
    TaskDefinitionSpec taskDefinition(ServiceConfig config, ImageRef image) {
        if (image == null) {
            return null;
        }
        TaskDefinitionConfig td = config.taskDefinition();
        int port = td.containerPort();
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
                new ContainerSpec(
                        td.containerName(),
                        image.image(),
                        true,
                        List.of(new PortMappingSpec(port, port, "tcp")),
                        sorted(td.environment()),
                        sorted(td.secrets()),
                        healthCheck(td.healthCheck()),
                        td.stopTimeout(),
                        new LogConfigurationSpec("awslogs", new TreeMap<>(Map.of(
                                "awslogs-group", config.logGroup().name(),
                                "awslogs-region", region,
                                "awslogs-stream-prefix", td.logStreamPrefix())))),
                null,
                td.ephemeralStorageGiB(),
                ContainerSpecs.volumes(td.volumes()),
                td.tags() == null ? null : sorted(td.tags()));
    }

    ServiceSpec service(ServiceConfig config) {
        ServiceSettings s = config.service();
        LoadBalancerConfig lb = s.loadBalancer();
        List<String> alarmNames = config.deploymentAlarms().stream()
                .map(a -> alarmName(config, a))
                .sorted()
                .toList();
        List<LoadBalancerSpec> groups = s.loadBalancers() != null
                ? s.loadBalancers().stream().map(t -> new LoadBalancerSpec(t.targetGroupArn(), t.containerName(),
                        t.containerPort())).toList()
                : lb == null || lb.targetGroupArn() == null ? List.of()
                : List.of(new LoadBalancerSpec(lb.targetGroupArn(), config.taskDefinition().followingContainerName(),
                        config.taskDefinition().followingContainerPort(), advanced(lb.advancedConfiguration())));
        TreeMap<String, ServiceSpec.CapacityProviderSpec> capacity = new TreeMap<>();
        if (s.capacityProviderStrategy() != null) {
            s.capacityProviderStrategy().forEach(item -> capacity.put(item.capacityProvider(),
                    new ServiceSpec.CapacityProviderSpec(item.base() == null ? 0 : item.base(),
                            item.weight() == null ? 0 : item.weight())));
        }
        return new ServiceSpec(
                s.cluster(),
                s.serviceName(),
                config.scaling() == null ? s.desiredCount() : null,
                capacity.isEmpty() ? "FARGATE" : null,
                s.subnets().stream().sorted().toList(),
                s.securityGroups().stream().sorted().toList(),
                s.assignPublicIp() ? "ENABLED" : "DISABLED",
                // One target group is loadBalancer, as before; several are loadBalancers by ARN (one form each).
                groups.size() == 1 ? groups.get(0) : null,
                s.deployment().maximumPercent(),
                s.deployment().minimumHealthyPercent(),
                true,
                true,
                alarmNames.isEmpty() ? null : new DeploymentAlarmsSpec(alarmNames, true, true),
                s.enableExecuteCommand(),
                zeroAsNone(s.healthCheckGracePeriodSeconds()),
                strategy(s.deployment()),
                capacity,
                groups.size() < 2 ? null : byArn(groups),
                s.platformVersion(),
                s.propagateTags(),
                s.tags() == null ? null : sorted(s.tags()),
                s.availabilityZoneRebalancing(),
                s.serviceRegistries() == null ? null : s.serviceRegistries().stream()
                        .map(r -> new ServiceSpec.RegistrySpec(r.registryArn(), r.port(), r.containerName(),
                                r.containerPort())).toList());
    }

    private static TreeMap<String, LoadBalancerSpec> byArn(List<LoadBalancerSpec> groups) {
        TreeMap<String, LoadBalancerSpec> out = new TreeMap<>();
        groups.forEach(g -> out.put(g.targetGroupArn(), g));
        return out;
    }

    private static AdvancedSpec advanced(AdvancedLoadBalancerConfig a) {
        return a == null ? null
                : new AdvancedSpec(a.alternateTargetGroupArn(), a.productionListenerRule(), a.testListenerRule(),
                        a.roleArn());
    }

    /** Null for ROLLING (ECS's default): a rolling service's spec is what it was before strategies. */
    private static StrategySpec strategy(DeploymentSettings d) {
        if (d.strategy() == null || !d.strategy().shiftsTraffic()) {
            return null;
        }
        return new StrategySpec(d.strategy().name(), d.bakeTimeInMinutes(),
                d.linearConfiguration() == null ? null : d.linearConfiguration().stepPercent(),
                d.linearConfiguration() == null ? null : d.linearConfiguration().stepBakeTimeInMinutes(),
                d.canaryConfiguration() == null ? null : d.canaryConfiguration().canaryPercent(),
                d.canaryConfiguration() == null ? null : d.canaryConfiguration().canaryBakeTimeInMinutes(),
                d.lifecycleHooks().stream().map(h -> new HookSpec(h.hookTargetArn(), h.roleArn(),
                        h.lifecycleStages().stream().sorted().toList())).toList());
    }

    /** The name of an alarm the deployer owns for this service: {@link #alarmPrefix} + the alarm's name. */
    public static String alarmName(ServiceConfig config, AlarmConfig alarm) {
        return alarmPrefix(config) + alarm.name();
    }

    /**
     * {@code ecs-deployer/<cluster>/<service>/}: marks the alarms the deployer owns for one service,
     * so they can be listed with one prefix query and no other alarm is ever touched (the
     * {@code TargetTracking-} alarms of Application Auto Scaling in particular).
     */
    public static String alarmPrefix(ServiceConfig config) {
        return OWNED_ALARM_PREFIX + config.service().cluster() + "/" + config.service().serviceName() + "/";
    }

    static HealthCheckSpec healthCheck(HealthCheckConfig hc) {
        if (hc == null) {
            return null;
        }
        // ECS stores a start period of 0 as none.
        return new HealthCheckSpec(List.copyOf(hc.command()), hc.interval(), hc.timeout(), hc.retries(),
                zeroAsNone(hc.startPeriod()));
    }

    static Integer zeroAsNone(Integer value) {
        return value == null || value == 0 ? null : value;
    }

    /** Maps in specs are sorted: ECS and CloudWatch do not keep their order. */
    static TreeMap<String, String> sorted(Map<String, String> values) {
        return values == null ? new TreeMap<>() : new TreeMap<>(values);
    }
}
