package dev.ecsdeployer.apply;

import dev.ecsdeployer.desired.ServiceSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.ContainerSpec;
import dev.ecsdeployer.desired.ServiceSpec.StrategySpec;
import software.amazon.awssdk.services.ecs.model.AdvancedConfiguration;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CanaryConfiguration;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.ServiceRegistry;
import software.amazon.awssdk.services.ecs.model.DeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.LinearConfiguration;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

import java.util.List;
import java.util.Map;

/** Specs → the ECS requests that create them. Pure: building a request calls nothing. */
public final class EcsRequests {

    private EcsRequests() {
    }

    public static RegisterTaskDefinitionRequest registerTaskDefinition(TaskDefinitionSpec td, Map<String, String> tags) {
        Map<String, String> all = new java.util.TreeMap<>(tags);
        if (td.tags() != null) {
            td.tags().forEach(all::putIfAbsent);
        }
        RegisterTaskDefinitionRequest.Builder request = RegisterTaskDefinitionRequest.builder()
                .family(td.family())
                .cpu(td.cpu())
                .memory(td.memory())
                .networkMode(td.networkMode())
                .requiresCompatibilitiesWithStrings(td.requiresCompatibilities())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(td.cpuArchitecture())
                        .operatingSystemFamily(td.operatingSystemFamily())
                        .build())
                .executionRoleArn(td.executionRoleArn())
                .taskRoleArn(td.taskRoleArn())
                .containerDefinitions(td.containers().stream().map(EcsRequests::container).toList())
                .tags(tags(all));
        ContainerRequests.taskLevel(td, request);
        return request.build();
    }

    private static ContainerDefinition container(ContainerSpec c) {
        ContainerDefinition.Builder container = ContainerDefinition.builder()
                .name(c.name())
                .image(c.image())
                .essential(c.essential())
                .portMappings(c.portMappings().stream()
                        .map(p -> PortMapping.builder().containerPort(p.containerPort()).hostPort(p.hostPort())
                                .protocol(p.protocol()).build())
                        .toList())
                .environment(c.environment().entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
                        .toList())
                .secrets(c.secrets().entrySet().stream()
                        .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build())
                        .toList())
                .stopTimeout(c.stopTimeout())
                .logConfiguration(LogConfiguration.builder()
                        .logDriver(c.logConfiguration().logDriver())
                        .options(c.logConfiguration().options())
                        .build());
        container.portMappings(c.portMappings().stream()
                .map(p -> PortMapping.builder().containerPort(p.containerPort()).hostPort(p.hostPort())
                        .protocol(p.protocol()).name(p.name()).appProtocol(p.appProtocol()).build())
                .toList());
        if (c.healthCheck() != null) {
            container.healthCheck(HealthCheck.builder()
                    .command(c.healthCheck().command())
                    .interval(c.healthCheck().interval())
                    .timeout(c.healthCheck().timeout())
                    .retries(c.healthCheck().retries())
                    .startPeriod(c.healthCheck().startPeriod())
                    .build());
        }
        ContainerRequests.containerLevel(c, container);
        return container.build();
    }

    /** UpdateService for the spec; {@code desiredCount} is left out when a scaling target owns it. */
    public static UpdateServiceRequest updateService(ServiceSpec s, String taskDefinitionArn) {
        return UpdateServiceRequest.builder()
                .cluster(s.cluster())
                .service(s.serviceName())
                .taskDefinition(taskDefinitionArn)
                .desiredCount(s.desiredCount())
                .networkConfiguration(network(s))
                .loadBalancers(loadBalancers(s))
                .deploymentConfiguration(deployment(s))
                .enableExecuteCommand(s.enableExecuteCommand())
                .healthCheckGracePeriodSeconds(s.healthCheckGracePeriodSeconds())
                .capacityProviderStrategy(ContainerRequests.strategy(s))
                .platformVersion(s.platformVersion())
                .propagateTags(s.propagateTags())
                .availabilityZoneRebalancing(s.availabilityZoneRebalancing())
                .serviceRegistries(registries(s))
                .build();
    }

    public static CreateServiceRequest createService(ServiceSpec s, String taskDefinitionArn, int initialCount,
                                                     Map<String, String> tags) {
        return CreateServiceRequest.builder()
                .cluster(s.cluster())
                .serviceName(s.serviceName())
                .taskDefinition(taskDefinitionArn)
                .desiredCount(initialCount)
                .launchType(s.launchType())
                .capacityProviderStrategy(ContainerRequests.strategy(s))
                .networkConfiguration(network(s))
                .loadBalancers(loadBalancers(s))
                .deploymentConfiguration(deployment(s))
                .enableExecuteCommand(s.enableExecuteCommand())
                .healthCheckGracePeriodSeconds(s.healthCheckGracePeriodSeconds())
                .platformVersion(s.platformVersion())
                .propagateTags(s.propagateTags())
                .availabilityZoneRebalancing(s.availabilityZoneRebalancing())
                .serviceRegistries(registries(s))
                .enableECSManagedTags(true)
                .tags(tags(ContainerRequests.withConfigTags(tags, s)))
                .build();
    }

    /** The spec's registries; none sent when it has none (a removal is sent by ContainerRequests.backToLaunchType). */
    private static List<ServiceRegistry> registries(ServiceSpec s) {
        return s.serviceRegistries() == null ? null : s.serviceRegistries().stream().map(r -> ServiceRegistry.builder()
                .registryArn(r.registryArn()).port(r.port()).containerName(r.containerName())
                .containerPort(r.containerPort()).build()).toList();
    }

    static NetworkConfiguration network(ServiceSpec s) {
        return NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(s.subnets())
                        .securityGroups(s.securityGroups())
                        .assignPublicIp(s.assignPublicIp())
                        .build())
                .build();
    }

    private static List<LoadBalancer> loadBalancers(ServiceSpec s) {
        return s.allLoadBalancers().stream().map(lb -> LoadBalancer.builder()
                .targetGroupArn(lb.targetGroupArn())
                .containerName(lb.containerName())
                .containerPort(lb.containerPort())
                .advancedConfiguration(lb.advanced() == null ? null : AdvancedConfiguration.builder()
                        .alternateTargetGroupArn(lb.advanced().alternateTargetGroupArn())
                        .productionListenerRule(lb.advanced().productionListenerRule())
                        .testListenerRule(lb.advanced().testListenerRule())
                        .roleArn(lb.advanced().roleArn())
                        .build())
                .build()).toList();
    }

    /** Every rollout carries the circuit breaker with rollback: a failed deployment goes back by itself. */
    private static DeploymentConfiguration deployment(ServiceSpec s) {
        DeploymentConfiguration.Builder builder = DeploymentConfiguration.builder();
        StrategySpec strategy = s.strategy();
        if (strategy != null) {
            strategy(builder, strategy);
        } else {
            // ECS's default, said explicitly: a service coming back from a traffic-shifting strategy would keep it.
            builder.strategy(DeploymentStrategy.ROLLING).lifecycleHooks(List.of());
        }
        return builder
                .maximumPercent(s.maximumPercent())
                .minimumHealthyPercent(s.minimumHealthyPercent())
                .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .alarms(s.alarms() == null
                        ? DeploymentAlarms.builder().alarmNames(List.of()).enable(false).rollback(false).build()
                        : DeploymentAlarms.builder().alarmNames(s.alarms().alarmNames())
                                .enable(s.alarms().enable()).rollback(s.alarms().rollback()).build())
                .build();
    }

    private static void strategy(DeploymentConfiguration.Builder builder, StrategySpec s) {
        builder.strategy(s.strategy())
                .bakeTimeInMinutes(s.bakeTimeInMinutes())
                .lifecycleHooks(s.lifecycleHooks().stream().map(h -> DeploymentLifecycleHook.builder()
                        .hookTargetArn(h.hookTargetArn())
                        .roleArn(h.roleArn())
                        .lifecycleStagesWithStrings(h.lifecycleStages())
                        .build()).toList());
        if (s.stepPercent() != null) {
            builder.linearConfiguration(LinearConfiguration.builder().stepPercent(s.stepPercent())
                    .stepBakeTimeInMinutes(s.stepBakeTimeInMinutes()).build());
        }
        if (s.canaryPercent() != null) {
            builder.canaryConfiguration(CanaryConfiguration.builder().canaryPercent(s.canaryPercent())
                    .canaryBakeTimeInMinutes(s.canaryBakeTimeInMinutes()).build());
        }
    }

    public static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
