package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.EcsDeployments;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What others own is left alone: a log group another tool made keeps its retention, no config
 * registers a revision in a family the deployer did not create for it, and a deployment the deployer
 * did not start is reported as foreign, never as a rollback of ours.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class OwnershipTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String LOG_GROUP = "/ecs/myapp-prod/api";
    static final String WRITES = "ECS\\.(Register|Create|Update|Tag).*|CloudWatchLogs\\.(Create|Put|Tag).*"
            + "|ApplicationAutoScaling\\.(Register|Put|Delete).*|CloudWatch\\.Put.*";

    ApiService api;
    CloudWatchLogsClient logs;
    EcsDeployments deployments;

    @BeforeEach
    void setUp() {
        api = ApiService.onFreshMoto();
        logs = api.aws.logs();
        deployments = EcsDeployments.onMoto();
        api.putImage("a", DIGEST_A, "linux/arm64");
    }

    @AfterEach
    void tearDown() {
        deployments.close();
    }

    int retention() {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(LOG_GROUP)).logGroups().get(0).retentionInDays();
    }

    JsonNode push(String digest, String time) {
        return LambdaInvoker.invoke(api.push(digest, time)).path("services").get(0);
    }

    JsonNode driftCheck() {
        return LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}").path("services").get(0);
    }

    @Test
    void aLogGroupAnotherToolKeepsTenYearsIsUntouchedAndTheDifferenceIsReportedAsHeld() {
        logs.createLogGroup(b -> b.logGroupName(LOG_GROUP).tags(Map.of("managed-by", "terraform")));
        logs.putRetentionPolicy(b -> b.logGroupName(LOG_GROUP).retentionInDays(3653));
        FaultInjector.reset();

        JsonNode pushed = push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z");

        assertEquals("APPLIED", pushed.path("status").asText(), pushed.toString());
        assertEquals(3653, retention(), "older logs are not deleted");
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.startsWith("CloudWatchLogs.Put")
                || op.startsWith("CloudWatchLogs.Create")), "log group not written: " + FaultInjector.calls());
        JsonNode held = pushed.path("held").get(0);
        assertEquals("logGroup.retentionDays", held.path("path").asText(), pushed.toString());
        assertEquals("30", held.path("desired").asText());
        assertEquals("3653", held.path("actual").asText());
        assertTrue(held.path("action").asText().contains("put-retention-policy"), held.toString());

        JsonNode drift = driftCheck();

        assertEquals("DRIFTED", drift.path("status").asText(), drift.toString());
        assertEquals("3653", drift.path("held").get(0).path("actual").asText(), drift.toString());
        assertEquals(3653, retention());
    }

    @Test
    void aShorterRetentionIsLengthenedOnlyOnOurLogGroup() {
        logs.createLogGroup(b -> b.logGroupName(LOG_GROUP).tags(Map.of("managed-by", "terraform")));
        logs.putRetentionPolicy(b -> b.logGroupName(LOG_GROUP).retentionInDays(7));
        String deploy = "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\",\"digest\":\""
                + api.baseline.imageDigest() + "\"}";

        JsonNode first = LambdaInvoker.invoke(deploy).path("services").get(0);

        assertEquals(7, retention(), "not ours: left as it is");
        assertTrue(first.path("held").get(0).path("action").asText().contains("ecs-deployer:config=prod/api"),
                first.toString());

        // The operator hands it to the deployer by tagging it as this config's.
        String arn = logs.describeLogGroups(b -> b.logGroupNamePrefix(LOG_GROUP)).logGroups().get(0).logGroupArn();
        logs.tagResource(b -> b.resourceArn(arn).tags(Map.of("ecs-deployer:config", "prod/api")));
        JsonNode second = LambdaInvoker.invoke(deploy).path("services").get(0);

        assertEquals(30, retention(), second.toString());
        assertFalse(second.has("held"), second.toString());
    }

    @Test
    void aConfigNamingAnotherTeamsFamilyOfAnExistingServiceIsRefusedAndNothingIsWritten() {
        assertEquals("APPLIED", push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z").path("status").asText());
        String ours = api.service().taskDefinition();
        // Another team's family, run by their service in the same cluster.
        String theirs = api.ecs.registerTaskDefinition(b -> b.family("team-b-web")
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512").networkMode("awsvpc")
                .containerDefinitions(c -> c.name("web").image("nginx"))).taskDefinition().taskDefinitionArn();
        api.ecs.createService(b -> b.cluster(api.baseline.clusterName()).serviceName("team-b-web")
                .taskDefinition(theirs).desiredCount(1));
        ExampleConfigs.put(api.aws.ssm(), "prod", "_defaults", MAPPER.createObjectNode().put("allowNameOverrides", true));
        ObjectNode config = api.config();
        config.with("taskDefinition").put("family", "team-b-web");
        api.putConfig(config);
        FaultInjector.reset();

        JsonNode report = push(DIGEST_A, "2026-02-01T00:00:00Z");

        assertEquals("SKIPPED", report.path("status").asText(), report.toString());
        String error = report.path("errors").get(0).asText();
        assertTrue(error.contains("task definition family team-b-web is not this config's") && error.contains(theirs)
                && error.contains("was not registered by the deployer"), error);
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.matches(WRITES)),
                "nothing written: " + FaultInjector.calls());
        assertEquals(theirs, api.ecs.describeTaskDefinition(b -> b.taskDefinition("team-b-web")).taskDefinition()
                .taskDefinitionArn(), "no revision registered in their family");
        assertEquals(ours, api.service().taskDefinition());
        assertEquals(Map.of("ecs-deployer:config", "prod/api"), api.ecs.describeTaskDefinition(b -> b.taskDefinition(ours)
                        .include(TaskDefinitionField.TAGS)).tags().stream()
                .filter(t -> t.key().equals("ecs-deployer:config")).collect(Collectors.toMap(t -> t.key(), t -> t.value())),
                "the deployer's revisions say whose they are");
    }

    @Test
    void anOperatorsDeploymentIsForeignNeitherARollbackOfOursNorAFailureOfOurImage() {
        String cluster = api.baseline.clusterName();
        String first = push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z").path("deploymentId").asText();
        String firstRevision = api.service().taskDefinition();
        LambdaInvoker.invoke(deployments.completed(cluster, ApiService.SERVICE, first));
        String second = push(DIGEST_A, "2026-02-01T00:00:00Z").path("deploymentId").asText();
        assertEquals("COMPLETED", LambdaInvoker.invoke(deployments.completed(cluster, ApiService.SERVICE, second))
                .path("outcome").asText());

        // An operator moves the service back to the first revision by hand.
        api.ecs.updateService(b -> b.cluster(cluster).service(ApiService.SERVICE).taskDefinition(firstRevision));
        String manual = deployments.primary(cluster, ApiService.SERVICE).id();
        JsonNode outcome = LambdaInvoker.invoke(deployments.completed(cluster, ApiService.SERVICE, manual));
        JsonNode again = LambdaInvoker.invoke(deployments.completed(cluster, ApiService.SERVICE, manual));

        assertEquals("FOREIGN", outcome.path("outcome").asText(), outcome.toString());
        assertEquals(manual, outcome.path("deploymentId").asText());
        assertEquals(second, outcome.path("recordedDeploymentId").asText());
        assertTrue(again.path("duplicate").asBoolean(), again.toString());
        assertEquals(1, api.published.ofType("Foreign Deployment").size());
        assertTrue(api.published.ofType("Deployment Rolled Back").isEmpty());
        assertEquals(2, api.published.ofType("Deployment Completed").size());
        Map<String, String> tags = api.tags();
        assertFalse(tags.getOrDefault("ecs-deployer:failed-digests", "").contains(DIGEST_A), tags.toString());
        // Our image is not failed: delivered again by an operator's deploy or a newer push, it deploys.
        assertEquals(DIGEST_A, tags.get("ecs-deployer:image-digest"), tags.toString());
        assertTrue(tags.entrySet().stream().filter(e -> e.getKey().startsWith("ecs-deployer:"))
                .collect(Collectors.toList()).toString().contains("ecs-deployer:outcome=" + second + " COMPLETED"),
                tags.toString());
    }
}
