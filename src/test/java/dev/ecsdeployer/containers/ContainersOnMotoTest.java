package dev.ecsdeployer.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.verify.TestManifests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/app-prod.json} (an app with a FireLens log router on 70 % Fargate Spot, an EFS volume and two target
 * groups) through the handler on moto: applied as configured, no drift right after, hand edits of the sidecar's image
 * and of the Spot weight found, a push changing only the following container, invalid combinations rejected with
 * every error and nothing written.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class ContainersOnMotoTest {

    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String ROUTER_DIGEST = "sha256:" + "f".repeat(64);
    static Baseline shared;
    static String adminTargetGroupArn;
    static int tests;

    AwsClientFactory aws;
    EcsClient ecs;
    Baseline baseline;
    String env;
    String service;
    String routerImage;
    String secretArn;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            AwsClientFactory factory = AwsClientFactory.fromEnvironment();
            shared = MotoBaseline.createWithLoadBalancer(factory, "cont", 8080);
            try (ElasticLoadBalancingV2Client elb = factory.build(ElasticLoadBalancingV2Client.builder())) {
                adminTargetGroupArn = elb.createTargetGroup(r -> r.name("cont-admin-tg").targetType(TargetTypeEnum.IP)
                        .protocol(ProtocolEnum.HTTP).port(9090).vpcId(shared.vpcId()).healthCheckPath("/health"))
                        .targetGroups().get(0).targetGroupArn();
            }
        }
        env = "c" + ++tests;
        service = "myapp-" + env + "-app";
        aws = AwsClientFactory.fromEnvironment();
        ecs = aws.ecs();
        ExampleConfigs.deleteAll(aws.ssm());
        baseline = MotoBaseline.alongside(aws, shared, env + "-app");
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                .imageManifest(TestManifests.index("linux/arm64")));
        String registry = baseline.repositoryUri().substring(0, baseline.repositoryUri().indexOf('/'));
        routerImage = registry + "/aws-for-fluent-bit@" + ROUTER_DIGEST;
        secretArn = aws.secretsManager().createSecret(b -> b.name("db-" + env).secretString("{\"password\":\"p\"}")
                .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ecs-deployer:services")
                        .value(env + "/app").build())).arn();
        ExampleConfigs.put(aws.ssm(), env, "app", app());
        FaultInjector.reset();
    }

    /** The example on this test's baseline: its target groups, a sidecar in the same registry, a granted secret. */
    ObjectNode app() {
        ObjectNode doc = ExampleConfigs.forBaseline("app-prod.json", baseline).put("environment", env);
        ObjectNode service = (ObjectNode) doc.get("service");
        ArrayNode groups = (ArrayNode) service.get("loadBalancers");
        ((ObjectNode) groups.get(0)).put("targetGroupArn", shared.loadBalancer().orElseThrow().targetGroupArn());
        ((ObjectNode) groups.get(1)).put("targetGroupArn", adminTargetGroupArn);
        ArrayNode containers = (ArrayNode) doc.get("taskDefinition").get("containers");
        ((ObjectNode) containers.get(1)).put("image", routerImage);
        ((ObjectNode) containers.get(0).get("secrets")).put("DATABASE_PASSWORD", secretArn + ":password::");
        return doc;
    }

    JsonNode push(String digest) {
        return LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), digest, "latest",
                "2026-05-20T12:00:00Z"));
    }

    /**
     * Deploys the example: the first push creates the service, the second updates it, which is when moto stores the
     * deployment settings it drops on CreateService (MOTO-GAPS.md).
     */
    void deploy() {
        assertEquals("APPLIED", push(baseline.imageDigest()).path("services").get(0).path("status").asText());
        assertEquals("APPLIED", push(DIGEST_B).path("services").get(0).path("status").asText());
    }

    /** The paths of a deploy's planned changes of one resource. */
    static List<String> planned(JsonNode report, String resource) {
        List<String> out = new ArrayList<>();
        report.path("plan").forEach(change -> {
            if (change.path("resource").asText().equals(resource)) {
                change.path("differences").forEach(d -> out.add(d.path("path").asText()));
            }
        });
        return out;
    }

    JsonNode driftCheck() {
        return LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json")).path("services").get(0);
    }

    Service described() {
        return ecs.describeServices(b -> b.cluster(baseline.clusterName()).services(service)
                .include(ServiceField.TAGS)).services().get(0);
    }

    TaskDefinition running() {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(described().taskDefinition())
                .include(TaskDefinitionField.TAGS)).taskDefinition();
    }

    static Map<String, ContainerDefinition> byName(TaskDefinition td) {
        return td.containerDefinitions().stream().collect(Collectors.toMap(ContainerDefinition::name, c -> c));
    }

    static List<String> paths(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("differences").forEach(d -> out.add(d.path("path").asText()));
        return out;
    }

    static List<String> writes() {
        return FaultInjector.calls().keySet().stream()
                .filter(op -> op.matches("[A-Za-z0-9]+\\.(Register|Create|Update|Put|Tag|Untag|Delete|Deregister).*"))
                .sorted().toList();
    }

    @Test
    void theExampleAppliesAsConfiguredAndADriftCheckRightAfterFindsNothing() {
        JsonNode report = push(baseline.imageDigest()).path("services").get(0);
        assertEquals("APPLIED", report.path("status").asText(), report.toString());

        TaskDefinition td = running();
        Map<String, ContainerDefinition> containers = byName(td);
        ContainerDefinition app = containers.get("app");
        ContainerDefinition router = containers.get("log-router");
        assertEquals(baseline.repositoryUri() + "@" + baseline.imageDigest(), app.image());
        assertEquals(routerImage, router.image());
        assertEquals(List.of(ContainerDependency.builder().containerName("log-router").condition("START").build()),
                app.dependsOn());
        assertEquals("awsfirelens", app.logConfiguration().logDriverAsString());
        assertEquals("cloudwatch_logs", app.logConfiguration().options().get("Name"));
        assertEquals("fluentbit", router.firelensConfiguration().typeAsString());
        assertEquals(Map.of("enable-ecs-log-metadata", "true"), router.firelensConfiguration().options());
        assertEquals(true, app.readonlyRootFilesystem());
        assertEquals(true, router.readonlyRootFilesystem());
        assertEquals("nofile", app.ulimits().get(0).nameAsString());
        assertEquals(65536, app.ulimits().get(0).softLimit());
        assertEquals(true, app.linuxParameters().initProcessEnabled());
        assertEquals(60, app.stopTimeout());
        assertEquals("/data", app.mountPoints().get(0).containerPath());
        assertEquals("0", router.user());
        assertEquals(List.of(8080, 9090), app.portMappings().stream().map(p -> p.containerPort()).toList());
        assertEquals(40, td.ephemeralStorage().sizeInGiB());
        assertEquals("fsap-0a1b2c3d4e5f60718", td.volumes().get(0).efsVolumeConfiguration().authorizationConfig()
                .accessPointId());

        Service s = described();
        assertNull(s.launchType(), "a capacity provider strategy, not a launch type");
        assertEquals(Map.of("FARGATE", List.of(1, 3), "FARGATE_SPOT", List.of(0, 7)),
                s.capacityProviderStrategy().stream().collect(Collectors.toMap(
                        CapacityProviderStrategyItem::capacityProvider, i -> List.of(i.base(), i.weight()))));
        assertEquals(List.of("app:8080", "app:9090"), s.loadBalancers().stream()
                .map(lb -> lb.containerName() + ":" + lb.containerPort()).sorted().toList());
        assertEquals("payments", s.tags().stream().filter(t -> t.key().equals("team")).findFirst().orElseThrow()
                .value());

        assertEquals("APPLIED", push(DIGEST_B).path("services").get(0).path("status").asText());
        JsonNode drift = driftCheck();
        assertEquals("IN_SYNC", drift.path("status").asText(), drift.toString());
    }

    @Test
    void aHandEditOfTheSidecarsImageOrOfTheSpotWeightIsFound() {
        deploy();
        TaskDefinition td = running();
        List<ContainerDefinition> edited = td.containerDefinitions().stream()
                .map(c -> c.name().equals("log-router")
                        ? c.toBuilder().image(routerImage.replace(ROUTER_DIGEST, "sha256:" + "e".repeat(64))).build() : c)
                .toList();
        String arn = ecs.registerTaskDefinition(RegisterTaskDefinitionRequest.builder().family(td.family())
                .cpu(td.cpu()).memory(td.memory()).networkMode(td.networkMode())
                .requiresCompatibilities(td.requiresCompatibilities()).runtimePlatform(td.runtimePlatform())
                .executionRoleArn(td.executionRoleArn()).taskRoleArn(td.taskRoleArn())
                .ephemeralStorage(td.ephemeralStorage()).volumes(td.volumes())
                .containerDefinitions(edited).build()).taskDefinition().taskDefinitionArn();
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).taskDefinition(arn));

        JsonNode sidecar = driftCheck();
        assertEquals("DRIFTED", sidecar.path("status").asText(), sidecar.toString());
        assertEquals(List.of("taskDefinition.sidecars.log-router.image"), paths(sidecar), sidecar.toString());

        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).taskDefinition(td.taskDefinitionArn())
                .capacityProviderStrategy(
                        CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").base(1).weight(3).build(),
                        CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT").weight(5).build()));

        JsonNode weight = driftCheck();
        assertEquals(List.of("service.capacityProviderStrategy.FARGATE_SPOT.weight"), paths(weight), weight.toString());
        JsonNode difference = weight.path("differences").get(0);
        assertEquals("7", difference.path("desired").asText());
        assertEquals("5", difference.path("actual").asText());
        // Fewer tasks on Spot: $83.98 a month against the config's $79.43 (SpotAndStorageCostTest).
        assertEquals("4.55", weight.path("cost").path("monthlyDelta").asText(), weight.toString());
    }

    @Test
    void aPushChangesOnlyTheFollowingContainersImage() {
        deploy();
        TaskDefinition before = running();
        String digestC = "sha256:" + "c".repeat(64);
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("c").imageDigest(digestC)
                .imageManifest(TestManifests.index("linux/arm64", "linux/amd64")));

        JsonNode report = push(digestC).path("services").get(0);

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        TaskDefinition after = running();
        assertTrue(after.revision() > before.revision());
        assertEquals(baseline.repositoryUri() + "@" + digestC, byName(after).get("app").image());
        assertEquals(byName(before).get("log-router"), byName(after).get("log-router"), "the sidecar stays pinned");
        assertEquals(byName(before).get("app").toBuilder().image(null).build(),
                byName(after).get("app").toBuilder().image(null).build(), "only the image changed");
        assertEquals(List.of("taskDefinition.container.image"), planned(report, "TASK_DEFINITION"), report.toString());
        assertEquals(List.of("service.taskDefinition"), planned(report, "SERVICE"), report.toString());
    }

    @Test
    void invalidCombinationsAreRejectedWithEveryErrorAndNothingIsWritten() {
        ObjectNode doc = app();
        ((ObjectNode) doc.get("service")).put("launchType", "FARGATE");
        ArrayNode containers = (ArrayNode) doc.get("taskDefinition").get("containers");
        ((ObjectNode) containers.get(1)).put("followsImage", true).remove("image");
        ((ObjectNode) doc.get("taskDefinition")).remove("volumes");
        ExampleConfigs.put(aws.ssm(), env, "app", doc);
        FaultInjector.reset();

        JsonNode report = push(baseline.imageDigest()).path("services").get(0);

        assertEquals("REJECTED", report.path("status").asText(), report.toString());
        List<String> errors = new ArrayList<>();
        report.path("errors").forEach(e -> errors.add(e.asText()));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("service.launchType")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("taskDefinition.containers: 2 containers have")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("taskDefinition.containers[0].mountPoints[0].sourceVolume")),
                errors.toString());
        assertEquals(List.of(), writes().stream().filter(w -> !w.startsWith("EventBridge") && !w.startsWith("CloudWatch.PutMetricData"))
                .toList());
        assertTrue(ecs.describeServices(b -> b.cluster(baseline.clusterName()).services(service)).services().isEmpty());
    }

    @Test
    void everyContainersSecretsPassTheGrantCheck() {
        String ungranted = aws.secretsManager().createSecret(b -> b.name("router-" + env).secretString("{\"k\":\"v\"}"))
                .arn();
        ObjectNode doc = app();
        ArrayNode containers = (ArrayNode) doc.get("taskDefinition").get("containers");
        ((ObjectNode) containers.get(1)).putObject("secrets").put("ROUTER_KEY", ungranted + ":k::");
        ExampleConfigs.put(aws.ssm(), env, "app", doc);
        FaultInjector.reset();

        JsonNode report = push(baseline.imageDigest()).path("services").get(0);

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().startsWith("taskDefinition.containers[1].secrets.ROUTER_KEY: secret "
                + ungranted + " has no tag ecs-deployer:services"), report.toString());
        assertEquals(1, report.path("errors").size(), report.toString());
        assertTrue(ecs.describeServices(b -> b.cluster(baseline.clusterName()).services(service)).services().isEmpty());
    }

    @Test
    void aSidecarPinnedByTagRunsTheDigestTheTagNamesThen() {
        String repository = env + "-fluent-bit";
        aws.ecr().createRepository(b -> b.repositoryName(repository));
        String digest = "sha256:" + "9".repeat(64);
        aws.ecr().putImage(b -> b.repositoryName(repository).imageTag("stable").imageDigest(digest)
                .imageManifest(TestManifests.index("linux/arm64")));
        String registry = baseline.repositoryUri().substring(0, baseline.repositoryUri().indexOf('/'));
        ObjectNode doc = app();
        ((ObjectNode) doc.get("taskDefinition").get("containers").get(1)).put("image",
                registry + "/" + repository + ":stable");
        ExampleConfigs.put(aws.ssm(), env, "app", doc);

        JsonNode report = push(baseline.imageDigest()).path("services").get(0);

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(registry + "/" + repository + "@" + digest, byName(running()).get("log-router").image());
    }

    @Test
    void aSidecarFromAnotherRegistryIsRefusedWithNothingWritten() {
        ObjectNode doc = app();
        ((ObjectNode) doc.get("taskDefinition").get("containers").get(1)).put("image",
                "999999999999.dkr.ecr.us-east-1.amazonaws.com/aws-for-fluent-bit@" + ROUTER_DIGEST);
        ExampleConfigs.put(aws.ssm(), env, "app", doc);
        FaultInjector.reset();

        JsonNode report = push(baseline.imageDigest()).path("services").get(0);

        assertTrue(report.path("errors").toString().contains("comes from registry 999999999999.dkr.ecr.us-east-1"
                + ".amazonaws.com, which is neither the config's registry"), report.toString());
        assertEquals(List.of(), writes().stream().filter(w -> !w.startsWith("EventBridge")
                && !w.startsWith("CloudWatch.PutMetricData")).toList());
    }

    @Test
    void aConfigThatDropsItsStrategyTakesTheServiceBackToTheFargateLaunchType() {
        deploy();
        ObjectNode doc = app();
        ((ObjectNode) doc.get("service")).remove("capacityProviderStrategy");
        ExampleConfigs.put(aws.ssm(), env, "app", doc);

        JsonNode report = LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"" + env
                + "\",\"service\":\"app\",\"digest\":\"" + DIGEST_B + "\"}").path("services").get(0);

        assertTrue(report.toString().contains("service.capacityProviderStrategy"), report.toString());
        Service s = described();
        assertEquals("FARGATE", s.launchTypeAsString());
        assertTrue(s.capacityProviderStrategy().isEmpty(), s.toString());
        JsonNode drift = driftCheck();
        assertEquals("IN_SYNC", drift.path("status").asText(), drift.toString());
    }
}
