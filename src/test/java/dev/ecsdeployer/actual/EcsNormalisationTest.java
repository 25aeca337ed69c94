package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ServiceSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One case per entry of {@link EcsNormalisation#RULES}, in the style of ecspresso's diff tests:
 * what ECS returns for a resource the deployer wrote, and that it normalises to what was written.
 * A rule without a case (or a case without a rule) fails, so the list and the code stay together.
 */
class EcsNormalisationTest {

    /** A task definition as the deployer registers it: every field it manages set explicitly. */
    static final TaskDefinition WRITTEN_TD = TaskDefinition.builder()
            .family("myapp-prod-api").cpu("256").memory("1024")
            .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CPUArchitecture.X86_64)
                    .operatingSystemFamily(OSFamily.LINUX).build())
            .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE, Compatibility.EC2)
            .executionRoleArn("arn:aws:iam::123456789012:role/exec").taskRoleArn("arn:aws:iam::123456789012:role/task")
            .containerDefinitions(container().build())
            .build();

    /** A service as the deployer creates it. */
    static final Service WRITTEN_SERVICE = Service.builder()
            .serviceName("myapp-prod-api").desiredCount(2).launchType(LaunchType.FARGATE)
            .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                    .subnets("subnet-a", "subnet-b").securityGroups("sg-a", "sg-b")
                    .assignPublicIp(AssignPublicIp.DISABLED).build()).build())
            .deploymentConfiguration(DeploymentConfiguration.builder().maximumPercent(200).minimumHealthyPercent(100)
                    .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder().enable(false).rollback(false).build())
                    .build())
            .enableExecuteCommand(false)
            .build();

    static ContainerDefinition.Builder container() {
        return ContainerDefinition.builder().name("api").image("repo@sha256:" + "a".repeat(64)).essential(true)
                .portMappings(PortMapping.builder().containerPort(8080).hostPort(8080)
                        .protocol(TransportProtocol.TCP).build())
                .environment(KeyValuePair.builder().name("A").value("1").build(),
                        KeyValuePair.builder().name("B").value("2").build())
                .secrets(Secret.builder().name("S").valueFrom("arn:aws:ssm:us-east-1:123456789012:parameter/s").build())
                .healthCheck(HealthCheck.builder().command("CMD-SHELL", "true").interval(30).timeout(5).retries(3)
                        .build());
    }

    record TdCase(UnaryOperator<TaskDefinition> asEcsReturnsIt) {
    }

    record ServiceCase(UnaryOperator<Service> asEcsReturnsIt) {
    }

    /** Rule field → what ECS returns (the written resource, reshaped as ECS reshapes it). */
    static final Map<String, Object> CASES = new LinkedHashMap<>();

    static {
        CASES.put("taskDefinition (arn, revision, status, registeredAt, requiresAttributes, compatibilities)",
                new TdCase(td -> td.toBuilder().taskDefinitionArn("arn:aws:ecs:us-east-1:1:task-definition/f:3")
                        .revision(3).status("ACTIVE").registeredAt(Instant.EPOCH).compatibilities(Compatibility.FARGATE)
                        .build()));
        CASES.put("taskDefinition.cpu / memory", new TdCase(td -> td.toBuilder().cpu("0.25 vCPU").memory("1 GB").build()));
        CASES.put("taskDefinition.cpuArchitecture / operatingSystemFamily",
                new TdCase(td -> td.toBuilder().runtimePlatform((RuntimePlatform) null).build()));
        CASES.put("taskDefinition.requiresCompatibilities",
                new TdCase(td -> td.toBuilder().requiresCompatibilities(Compatibility.EC2, Compatibility.FARGATE).build()));
        CASES.put("container (which one)", new TdCase(td -> td.toBuilder().containerDefinitions(
                ContainerDefinition.builder().name("sidecar").image("envoy").build(), container().build()).build()));
        CASES.put("container.essential", new TdCase(td -> withContainer(td, container().essential(null))));
        CASES.put("container.portMappings[].hostPort", new TdCase(td -> withContainer(td, container().portMappings(
                PortMapping.builder().containerPort(8080).protocol(TransportProtocol.TCP).build()))));
        CASES.put("container.portMappings[].protocol", new TdCase(td -> withContainer(td, container().portMappings(
                PortMapping.builder().containerPort(8080).hostPort(8080).build()))));
        CASES.put("container.environment / secrets", new TdCase(td -> withContainer(td, container().environment(
                KeyValuePair.builder().name("B").value("2").build(),
                KeyValuePair.builder().name("A").value("1").build()))));
        CASES.put("container.healthCheck interval / timeout / retries", new TdCase(td -> withContainer(td,
                container().healthCheck(HealthCheck.builder().command("CMD-SHELL", "true").build()))));
        CASES.put("container.cpu, versionConsistency, mountPoints, volumesFrom",
                new TdCase(td -> withContainer(td, container().cpu(0).versionConsistency("enabled"))));
        CASES.put("service.desiredCount", new ServiceCase(s -> s.toBuilder().desiredCount(7).build()));
        CASES.put("service.networkConfiguration.awsvpcConfiguration.assignPublicIp", new ServiceCase(s -> s.toBuilder()
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets("subnet-a", "subnet-b").securityGroups("sg-a", "sg-b").build()).build()).build()));
        CASES.put("service subnets / securityGroups", new ServiceCase(s -> s.toBuilder()
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets("subnet-b", "subnet-a").securityGroups("sg-b", "sg-a")
                        .assignPublicIp(AssignPublicIp.DISABLED).build()).build()).build()));
        CASES.put("service.deploymentConfiguration",
                new ServiceCase(s -> s.toBuilder().deploymentConfiguration((DeploymentConfiguration) null).build()));
        CASES.put("service.deploymentConfiguration.alarms", new ServiceCase(s -> s.toBuilder().deploymentConfiguration(
                s.deploymentConfiguration().toBuilder().alarms(DeploymentAlarms.builder().enable(false).rollback(false)
                        .build()).build()).build()));
        CASES.put("service.deploymentConfiguration.strategy", new ServiceCase(s -> s.toBuilder().deploymentConfiguration(
                s.deploymentConfiguration().toBuilder().strategy(DeploymentStrategy.ROLLING).bakeTimeInMinutes(0)
                        .lifecycleHooks(List.of()).build()).build()));
        CASES.put("service.healthCheckGracePeriodSeconds",
                new ServiceCase(s -> s.toBuilder().healthCheckGracePeriodSeconds(0).build()));
        CASES.put("service.enableExecuteCommand", new ServiceCase(s -> s.toBuilder().enableExecuteCommand(null).build()));
        CASES.put("service (platformVersion, role, tags, events, deployments, counts)", new ServiceCase(s -> s.toBuilder()
                .platformVersion("1.4.0").roleArn("arn:aws:iam::1:role/ecs").tags(Tag.builder().key("k").value("v").build())
                .events(ServiceEvent.builder().message("steady").build())
                .deployments(Deployment.builder().id("ecs-svc/1").status("PRIMARY").build())
                .runningCount(2).pendingCount(0).build()));
    }

    static TaskDefinition withContainer(TaskDefinition td, ContainerDefinition.Builder c) {
        return td.toBuilder().containerDefinitions(c.build()).build();
    }

    @Test
    void everyRuleHasACaseAndEveryCaseARule() {
        assertEquals(EcsNormalisation.RULES.stream().map(EcsNormalisation.Rule::field).toList(),
                List.copyOf(CASES.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> whatEcsReturnsEqualsWhatWasWritten() {
        TaskDefinitionSpec writtenTd = EcsNormalisation.taskDefinition(WRITTEN_TD, "api");
        ServiceSpec writtenService = EcsNormalisation.service(WRITTEN_SERVICE, "cluster").spec();
        return CASES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            if (e.getValue() instanceof TdCase c) {
                assertEquals(writtenTd, EcsNormalisation.taskDefinition(c.asEcsReturnsIt().apply(WRITTEN_TD), "api"));
            } else if (e.getValue() instanceof ServiceCase c) {
                ServiceSpec returned = EcsNormalisation.service(c.asEcsReturnsIt().apply(WRITTEN_SERVICE), "cluster")
                        .spec();
                if (e.getKey().equals("service.desiredCount")) {
                    // Owned by a scaling target: compared without the count (the planner drops it).
                    assertEquals(writtenService.withoutDesiredCount(), returned.withoutDesiredCount());
                } else {
                    assertEquals(writtenService, returned);
                }
            }
        }));
    }
}
