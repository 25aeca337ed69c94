package dev.ecsdeployer.trigger;

import dev.ecsdeployer.testing.TestClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import dev.ecsdeployer.verify.TestManifests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled drift checks and config-change reconciles, through the handler, against moto. */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class DriftCheckTest {

    static final String DIGEST_B = "sha256:" + "c".repeat(64);
    /** The network and roles, built once for the class; each test has its own environment beside them. */
    static Baseline shared;
    static int tests;

    AwsClientFactory aws;
    EcsClient ecs;
    Baseline baseline;
    PublishedEvents published;
    /** This test's environment (d1, d2, ...): its own configs, service, alarms, cluster and repository. */
    String env;
    String service;
    String stepAlarm;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            shared = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "drift");
        }
        env = "d" + ++tests;
        service = "myapp-" + env + "-realtime";
        aws = AwsClientFactory.fromEnvironment();
        ecs = aws.ecs();
        ExampleConfigs.deleteAll(aws.ssm());
        baseline = MotoBaseline.alongside(aws, shared, env + "-realtime");
        stepAlarm = "ecs-deployer/" + baseline.clusterName() + "/" + service + "/step-scaling";
        published = PublishedEvents.captureFromNow(aws);
        ExampleConfigs.put(aws.ssm(), env, "realtime", realtime());
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                .imageManifest(TestManifests.index("linux/arm64")));
        // First push creates the service; the second updates it, which is when moto stores the
        // deployment settings it drops on CreateService (see harness/MOTO-GAPS.md).
        LambdaInvoker.invoke(push(baseline.imageDigest()));
        LambdaInvoker.invoke(push(DIGEST_B));
        FaultInjector.reset();
    }

    /** The realtime example in this test's environment, on its baseline. */
    ObjectNode realtime() {
        return ExampleConfigs.forBaseline("realtime-prod.json", baseline).put("environment", env);
    }

    ObjectNode push(String digest) {
        return LambdaInvoker.push(baseline.repositoryName(), digest, "latest", "2026-05-20T12:00:00Z");
    }

    JsonNode driftCheck() {
        return LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json"));
    }

    static List<String> paths(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("differences").forEach(d -> out.add(d.path("path").asText()));
        return out;
    }

    @Test
    void aServiceTheDeployerJustAppliedShowsNoDrift() {
        JsonNode response = driftCheck();

        JsonNode report = response.path("services").get(0);
        assertEquals("IN_SYNC", report.path("status").asText(), report.toString());
        assertEquals(1, response.path("summary").path("checked").asInt());
        assertEquals(0, response.path("summary").path("drifted").asInt());
        assertTrue(published.ofType("Drift Detected").isEmpty());
    }

    @Test
    void handEditsAreReportedWithPathsAndValuesAndHealPutsThemBack() {
        TaskDefinition running = ecs.describeTaskDefinition(b -> b.taskDefinition(service)).taskDefinition();
        // By hand: a revision with more memory, a higher scaling max, the step alarm deleted.
        String edited = ecs.registerTaskDefinition(copyWithMemory(running, "2048")).taskDefinition().taskDefinitionArn();
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).taskDefinition(edited));
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace("ecs").scalableDimension("ecs:service:DesiredCount")
                .resourceId("service/" + baseline.clusterName() + "/" + service).minCapacity(2).maxCapacity(40));
        aws.cloudWatch().deleteAlarms(b -> b.alarmNames(stepAlarm));

        JsonNode report = driftCheck().path("services").get(0);

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertEquals(List.of("alarms." + stepAlarm, "scaling.target.maxCapacity", "taskDefinition.memory"),
                paths(report).stream().sorted().toList(), report.toString());
        TreeMap<String, JsonNode> byPath = new TreeMap<>();
        report.path("differences").forEach(d -> byPath.put(d.path("path").asText(), d));
        assertEquals("1024", byPath.get("taskDefinition.memory").path("desired").asText());
        assertEquals("2048", byPath.get("taskDefinition.memory").path("actual").asText());
        assertEquals("20", byPath.get("scaling.target.maxCapacity").path("desired").asText());
        assertEquals("40", byPath.get("scaling.target.maxCapacity").path("actual").asText());
        assertEquals("(none)", byPath.get("alarms." + stepAlarm).path("actual").asText());
        // The hand resize has a price: 1 GB more per task on ARM64, two tasks, 730 hours.
        assertTrue(report.path("cost").path("monthlyDelta").decimalValue().signum() > 0, report.toString());
        assertEquals(1, published.ofType("Drift Detected").size());
        // Rules can match the service: its ARN, as ECS returns it, is the event's resource.
        JsonNode resources = published.ofType("Drift Detected").get(0).path("resources");
        assertEquals(1, resources.size(), resources.toString());
        assertTrue(resources.get(0).asText().matches("arn:aws:ecs:[a-z0-9-]+:\\d{12}:service/" + baseline.clusterName()
                + "/" + service), resources.toString());

        // Heal: the same reconcile as a deploy, then nothing differs.
        JsonNode heal = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"" + env + "\"}");
        assertEquals("DRIFTED", heal.path("services").get(0).path("status").asText(), "report is the default");
        ObjectNode config = realtime();
        config.put("driftPolicy", "heal");
        ExampleConfigs.put(aws.ssm(), env, "realtime", config);

        assertEquals("HEALED", driftCheck().path("services").get(0).path("status").asText());
        assertEquals("IN_SYNC", driftCheck().path("services").get(0).path("status").asText());
    }

    @Test
    void aServiceSwitchedToAnOlderRevisionShowsTheOlderImage() {
        String older = ecs.describeTaskDefinition(b -> b.taskDefinition(service + ":1")).taskDefinition()
                .taskDefinitionArn();
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).taskDefinition(older));

        JsonNode report = driftCheck().path("services").get(0);

        assertEquals(List.of("taskDefinition.container.image"), paths(report), report.toString());
        assertTrue(report.path("differences").get(0).path("desired").asText().endsWith(DIGEST_B));
        assertTrue(report.path("differences").get(0).path("actual").asText().endsWith(baseline.imageDigest()));
    }

    @Test
    void theDesiredCountIsNotDriftWhenAutoScalingOwnsIt() {
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).desiredCount(7));

        assertEquals("IN_SYNC", driftCheck().path("services").get(0).path("status").asText());
    }

    @Test
    void aConfigChangeReconcilesOnlyThatService() {
        Baseline api = MotoBaseline.alongside(aws, shared, env + "-api");
        ExampleConfigs.put(aws.ssm(), env, "api", ExampleConfigs.forBaseline("api-prod.json", api)
                .put("environment", env));
        ObjectNode config = ExampleConfigs.withRealSecrets(
                realtime(), TestClients.secretsManager(aws));
        ((ObjectNode) config.get("scaling")).put("maxCapacity", 30);
        ExampleConfigs.put(aws.ssm(), env, "realtime", config);
        FaultInjector.reset();

        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ssm-config-change.json");
        ((ObjectNode) event.get("detail")).put("name", "/ecs-deployer/" + env + "/realtime");
        JsonNode response = LambdaInvoker.invoke(event);

        assertEquals(1, response.path("services").size(), response.toString());
        JsonNode report = response.path("services").get(0);
        assertEquals("realtime", report.path("service").asText());
        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(30, aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace("ecs")
                .resourceIds("service/" + baseline.clusterName() + "/" + service)).scalableTargets().get(0).maxCapacity());
        assertEquals(0, FaultInjector.calls("ECS.RegisterTaskDefinition"));
        assertEquals(0, FaultInjector.calls("ECS.CreateService"), "the api service was not touched");
    }

    @Test
    void aConfigChangeNamingAMissingSecretIsHeldBackByVerify() {
        ObjectNode config = realtime();
        ((ObjectNode) config.get("scaling")).put("maxCapacity", 30);
        ((ObjectNode) config.get("taskDefinition")).putObject("secrets").put("REDIS_PASSWORD",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:myapp-prod-redis-AbCdEf:password::");
        ExampleConfigs.put(aws.ssm(), env, "realtime", config);
        FaultInjector.reset();

        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ssm-config-change.json");
        ((ObjectNode) event.get("detail")).put("name", "/ecs-deployer/" + env + "/realtime");
        JsonNode report = LambdaInvoker.invoke(event).path("services").get(0);

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").toString().contains("taskDefinition.secrets."), report.toString());
        assertEquals(20, aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace("ecs")
                .resourceIds("service/" + baseline.clusterName() + "/" + service)).scalableTargets().get(0).maxCapacity());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.startsWith("ApplicationAutoScaling.Register")
                || op.startsWith("ECS.Update")), FaultInjector.calls().toString());
    }

    @Test
    void aDeletedConfigIsReportedAndNothingIsDeleted() {
        aws.ssm().deleteParameter(b -> b.name("/ecs-deployer/" + env + "/realtime"));
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ssm-config-deleted.json");
        ((ObjectNode) event.get("detail")).put("name", "/ecs-deployer/" + env + "/realtime");

        JsonNode report = LambdaInvoker.invoke(event).path("services").get(0);

        assertEquals("SKIPPED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().contains("deletes nothing"), report.toString());
        assertEquals(1, ecs.describeServices(b -> b.cluster(baseline.clusterName()).services(service)).services().size());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.startsWith("ECS.Delete")
                || op.startsWith("ECS.Update") || op.startsWith("CloudWatch.Delete")));
    }

    @Test
    void aConfigChangedJustBeforeACheckIsTheOneTheCheckUses() {
        // The instance has checked this environment once (warm): what it read then is not reused.
        assertEquals("IN_SYNC", driftCheck().path("services").get(0).path("status").asText());
        ObjectNode config = realtime();
        ((ObjectNode) config.path("scaling")).put("maxCapacity", 30);
        ExampleConfigs.put(aws.ssm(), env, "realtime", config);

        JsonNode report = driftCheck().path("services").get(0);

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertEquals(List.of("scaling.target.maxCapacity"), paths(report), report.toString());
        assertEquals("30", report.path("differences").get(0).path("desired").asText());
        assertEquals("20", report.path("differences").get(0).path("actual").asText());
    }

    @Test
    void aHandEditOfAScalingPolicyIsFound() {
        // Nothing else changes with it (the target, the service's tags): the policies are read every check.
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace("ecs").scalableDimension("ecs:service:DesiredCount")
                .resourceId("service/" + baseline.clusterName() + "/" + service).policyName("ecs-deployer-cpu")
                .policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(40.0).scaleInCooldown(300)
                        .scaleOutCooldown(60).predefinedMetricSpecification(m -> m
                                .predefinedMetricType("ECSServiceAverageCPUUtilization"))));

        JsonNode report = driftCheck().path("services").get(0);

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertTrue(!paths(report).isEmpty() && paths(report).stream()
                .allMatch(p -> p.startsWith("scaling.policies.ecs-deployer-cpu")), report.toString());
    }

    static RegisterTaskDefinitionRequest copyWithMemory(TaskDefinition td, String memory) {
        return RegisterTaskDefinitionRequest.builder()
                .family(td.family()).cpu(td.cpu()).memory(memory).networkMode(td.networkMode())
                .requiresCompatibilities(td.requiresCompatibilities()).runtimePlatform(td.runtimePlatform())
                .executionRoleArn(td.executionRoleArn()).taskRoleArn(td.taskRoleArn())
                .containerDefinitions(td.containerDefinitions())
                .build();
    }
}
