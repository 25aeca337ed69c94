package dev.ecsdeployer.actual;

import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.ServiceSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LinuxParameters;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One case per entry of {@link ContainerNormalisation#RULES}, as {@code EcsNormalisationTest} does for the single
 * container: app-prod's task definition and service as the deployer writes them (its own requests), reshaped as ECS
 * returns them, normalise to the desired specs.
 */
class ContainerNormalisationTest {

    static final DesiredState DESIRED = desired();
    static final TaskDefinitionSpec WANT_TD = DESIRED.taskDefinition();
    static final ServiceSpec WANT_SERVICE = DESIRED.service();
    static final List<Tag> WRITTEN_TAGS = List.of(Tag.builder().key("ecs-deployer:config").value("prod/app").build());
    static final TaskDefinition WRITTEN_TD = written();
    static final Service WRITTEN_SERVICE = writtenService();

    sealed interface Case permits TdCase, ServiceCase {
    }

    record TdCase(UnaryOperator<TaskDefinition> asEcsReturnsIt, List<Tag> tags) implements Case {
    }

    record ServiceCase(UnaryOperator<Service> asEcsReturnsIt) implements Case {
    }

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        CASES.put("container.command, entryPoint, dependsOn, ulimits, dockerLabels, mountPoints", new TdCase(td ->
                withContainer(td, "log-router", c -> c.toBuilder().command(List.of()).entryPoint(List.of())
                        .dependsOn(List.of()).ulimits(List.of()).dockerLabels(Map.of()).mountPoints(List.of())
                        .build()), WRITTEN_TAGS));
        CASES.put("container.readonlyRootFilesystem, linuxParameters.initProcessEnabled, mountPoints[].readOnly",
                new TdCase(td -> withContainer(withContainer(td, "log-router", c -> c.toBuilder()
                        .linuxParameters(LinuxParameters.builder().initProcessEnabled(false).build()).build()),
                        "app", c -> c.toBuilder().mountPoints(c.mountPoints().get(0).toBuilder().readOnly(null).build())
                                .build()), WRITTEN_TAGS));
        CASES.put("taskDefinition.sidecars", new TdCase(td -> td.toBuilder()
                .containerDefinitions(reversed(td.containerDefinitions())).build(), WRITTEN_TAGS));
        CASES.put("taskDefinition.volumes[].efsVolumeConfiguration", new TdCase(td -> td.toBuilder()
                .volumes(td.volumes().get(0).toBuilder().efsVolumeConfiguration(td.volumes().get(0)
                        .efsVolumeConfiguration().toBuilder().rootDirectory("/").build()).build()).build(),
                WRITTEN_TAGS));
        List<Tag> more = new ArrayList<>(WRITTEN_TAGS);
        more.add(Tag.builder().key("aws:cloudformation:stack-name").value("s").build());
        more.add(Tag.builder().key("ecs-deployer:managed-by").value("ecs-deployer").build());
        CASES.put("taskDefinition.tags", new TdCase(td -> td, more));
        CASES.put("service.platformVersion / propagateTags / availabilityZoneRebalancing", new ServiceCase(s ->
                s.toBuilder().platformVersion(null).propagateTags((String) null).availabilityZoneRebalancing((String) null)
                        .build()));
        CASES.put("service.tags", new ServiceCase(s -> {
            List<Tag> added = new ArrayList<>(s.tags());
            added.add(Tag.builder().key("aws:ecs:serviceName").value("myapp-prod-app").build());
            added.add(Tag.builder().key("owner").value("another tool").build());
            return s.toBuilder().tags(added).build();
        }));
        CASES.put("service.launchType", new ServiceCase(s -> s.toBuilder().launchType((String) null).build()));
        CASES.put("service.capacityProviderStrategy / loadBalancers", new ServiceCase(s -> s.toBuilder()
                .capacityProviderStrategy(reversed(s.capacityProviderStrategy().stream()
                        .map(i -> i.base() == 0 ? i.toBuilder().base(null).build() : i).toList()))
                .loadBalancers(reversed(s.loadBalancers())).build()));
    }

    @Test
    void everyRuleHasACaseAndEveryCaseARule() {
        assertEquals(ContainerNormalisation.RULES.stream().map(EcsNormalisation.Rule::field).toList(),
                List.copyOf(CASES.keySet()));
    }

    @Test
    void whatTheDeployerWritesReadsBackAsItsSpec() {
        assertEquals(WANT_TD, EcsNormalisation.taskDefinition(WRITTEN_TD, "app", WRITTEN_TAGS));
        assertEquals(WANT_SERVICE, settings(WRITTEN_SERVICE));
    }

    @Test
    void aRevisionsOtherTagsAreComparedOnlyWhenTheConfigSetsTaskDefinitionTags() {
        List<Tag> handTagged = new ArrayList<>(WRITTEN_TAGS);
        handTagged.add(Tag.builder().key("owner").value("someone").build());
        TaskDefinitionSpec read = EcsNormalisation.taskDefinition(WRITTEN_TD, "app", handTagged);

        assertEquals(Map.of("owner", "someone"), read.tags());
        assertEquals(WANT_TD, read.managedBy(WANT_TD), "app-prod sets no taskDefinition.tags");
        TaskDefinitionSpec tagged = new TaskDefinitionSpec(WANT_TD.family(), WANT_TD.cpu(), WANT_TD.memory(),
                WANT_TD.cpuArchitecture(), WANT_TD.operatingSystemFamily(), WANT_TD.networkMode(),
                WANT_TD.requiresCompatibilities(), WANT_TD.executionRoleArn(), WANT_TD.taskRoleArn(),
                WANT_TD.container(), WANT_TD.sidecars(), WANT_TD.ephemeralStorageGiB(), WANT_TD.volumes(),
                new java.util.TreeMap<>(Map.of("team", "payments")));
        assertEquals(read, read.managedBy(tagged), "with tags of its own, the config's tags are the whole set");
    }

    @TestFactory
    Stream<DynamicTest> whatEcsReturnsEqualsWhatWasWritten() {
        return CASES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            if (e.getValue() instanceof TdCase c) {
                assertEquals(WANT_TD, EcsNormalisation.taskDefinition(c.asEcsReturnsIt().apply(WRITTEN_TD), "app",
                        c.tags()));
            } else if (e.getValue() instanceof ServiceCase c) {
                ServiceSpec returned = settings(c.asEcsReturnsIt().apply(WRITTEN_SERVICE));
                if (e.getKey().startsWith("service.platformVersion")) {
                    // ECS fills its own values when a config leaves them out: compared only when set.
                    ServiceSpec unset = new ServiceSpec(WANT_SERVICE.cluster(), WANT_SERVICE.serviceName(),
                            WANT_SERVICE.desiredCount(), WANT_SERVICE.launchType(), WANT_SERVICE.subnets(),
                            WANT_SERVICE.securityGroups(), WANT_SERVICE.assignPublicIp(), WANT_SERVICE.loadBalancer(),
                            WANT_SERVICE.maximumPercent(), WANT_SERVICE.minimumHealthyPercent(), true, true,
                            WANT_SERVICE.alarms(), WANT_SERVICE.enableExecuteCommand(),
                            WANT_SERVICE.healthCheckGracePeriodSeconds(), WANT_SERVICE.strategy(),
                            WANT_SERVICE.capacityProviderStrategy(),
                            WANT_SERVICE.loadBalancers(), null, null, WANT_SERVICE.tags(), null,
                            WANT_SERVICE.serviceRegistries());
                    assertEquals(unset, EcsNormalisation.service(c.asEcsReturnsIt().apply(WRITTEN_SERVICE), "myapp-prod")
                            .settings().managedBy(unset));
                } else {
                    assertEquals(WANT_SERVICE, returned);
                }
            }
        }));
    }

    static ServiceSpec settings(Service s) {
        return EcsNormalisation.service(s, "myapp-prod").settings().managedBy(WANT_SERVICE);
    }

    static <T> List<T> reversed(List<T> values) {
        List<T> out = new ArrayList<>(values);
        java.util.Collections.reverse(out);
        return out;
    }

    static TaskDefinition withContainer(TaskDefinition td, String name, UnaryOperator<ContainerDefinition> change) {
        return td.toBuilder().containerDefinitions(td.containerDefinitions().stream()
                .map(c -> c.name().equals(name) ? change.apply(c) : c).toList()).build();
    }

    static DesiredState desired() {
        try {
            ConfigResult result = new ServiceConfigParser().parse(new ConfigLocation(ConfigLocation.DEFAULT_PREFIX,
                    "prod", "app"), Files.readString(Path.of("examples", "app-prod.json")), null);
            ServiceConfig config = result.config();
            return new DesiredStateBuilder("us-east-1").build(config, new ImageRef(
                    "123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/app", "sha256:" + "d".repeat(64), "latest"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The task definition as RegisterTaskDefinition stores it. */
    static TaskDefinition written() {
        RegisterTaskDefinitionRequest r = dev.ecsdeployer.apply.EcsRequests.registerTaskDefinition(WANT_TD,
                Map.of("ecs-deployer:config", "prod/app"));
        return TaskDefinition.builder().family(r.family()).cpu(r.cpu()).memory(r.memory()).networkMode(r.networkMode())
                .requiresCompatibilitiesWithStrings(r.requiresCompatibilitiesAsStrings())
                .runtimePlatform(r.runtimePlatform()).executionRoleArn(r.executionRoleArn())
                .taskRoleArn(r.taskRoleArn()).containerDefinitions(r.containerDefinitions()).volumes(r.volumes())
                .ephemeralStorage(r.ephemeralStorage()).build();
    }

    /** The service as CreateService and UpdateService leave it. */
    static Service writtenService() {
        var create = dev.ecsdeployer.apply.EcsRequests.createService(WANT_SERVICE, "arn:td", 4,
                Map.of("ecs-deployer:config", "prod/app"));
        return Service.builder().serviceName(create.serviceName()).desiredCount(4)
                .capacityProviderStrategy(create.capacityProviderStrategy())
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(WANT_SERVICE.subnets()).securityGroups(WANT_SERVICE.securityGroups())
                        .assignPublicIp(WANT_SERVICE.assignPublicIp()).build()).build())
                .loadBalancers(create.loadBalancers())
                .deploymentConfiguration(DeploymentConfiguration.builder().maximumPercent(200).minimumHealthyPercent(100)
                        .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                        .build())
                .healthCheckGracePeriodSeconds(create.healthCheckGracePeriodSeconds())
                .platformVersion(create.platformVersion()).propagateTags(create.propagateTags())
                .availabilityZoneRebalancing(create.availabilityZoneRebalancing())
                .tags(create.tags().stream().map(t -> Tag.builder().key(t.key()).value(t.value()).build()).toList())
                .build();
    }
}
