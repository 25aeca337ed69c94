package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code service.preDeploy} through the handler on moto: a new image registers its revision and runs
 * one task of it with the configured command instead of rolling out; the task's STOPPED event (sent
 * here as AWS would: moto runs no containers) decides: exit 0 rolls the image out, anything else is a
 * {@code Deployment Failed} and nothing is rolled out. A newer push supersedes a pending pre-deploy;
 * the drift check fails one past its timeout and stops its task.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class PreDeployTest {

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final List<String> MIGRATE = List.of("npm", "run", "migrate");

    ApiService api;
    String deployed;
    String revision;

    @BeforeEach
    void setUp() {
        api = ApiService.onFreshMoto();
        api.putImage("a", DIGEST_A, "linux/arm64");
        api.putImage("b", DIGEST_B, "linux/arm64", "linux/amd64");
        ObjectNode config = api.config();
        ObjectNode preDeploy = ((ObjectNode) config.get("service")).putObject("preDeploy");
        MIGRATE.forEach(preDeploy.putArray("command")::add);
        preDeploy.put("cpu", 1024).put("memory", 2048);
        api.putConfig(config);
        // The service's creation runs no pre-deploy: there is no running version yet.
        JsonNode created = report(LambdaInvoker.invoke(api.push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z")));
        assertEquals("APPLIED", created.path("status").asText(), created.toString());
        deployed = api.runningImage();
        revision = api.service().taskDefinition();
    }

    @Test
    void aNewImageRunsItsPreDeployTaskAndRollsOutWhenItExitsZero() {
        JsonNode pushed = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-02T00:00:00Z")));
        assertEquals("PRE_DEPLOYING", pushed.path("status").asText(), pushed.toString());
        assertEquals(deployed, api.runningImage(), "nothing rolled out before the task exits 0");
        assertEquals(revision, api.service().taskDefinition());

        Task task = pendingTask();
        ContainerOverride override = task.overrides().containerOverrides().get(0);
        assertEquals("api", override.name());
        assertEquals(MIGRATE, override.command(), "the configured command in place of the container's");
        assertEquals("1024", task.overrides().cpu());
        assertEquals("2048", task.overrides().memory());
        assertEquals("ecs-deployer/pre-deploy", task.startedBy());
        assertEquals("ecs-deployer:pre-deploy", task.group());
        assertEquals("FARGATE", task.launchTypeAsString());
        assertTrue(task.taskDefinitionArn().equals(pushed.path("taskDefinitionArn").asText())
                && !task.taskDefinitionArn().equals(revision), "the new revision: " + task.taskDefinitionArn());
        String imageOfRevision = api.ecs.describeTaskDefinition(b -> b.taskDefinition(task.taskDefinitionArn()))
                .taskDefinition().containerDefinitions().get(0).image();
        assertTrue(imageOfRevision.endsWith(DIGEST_B), imageOfRevision);
        String subnets = task.attachments().stream().flatMap(a -> a.details().stream())
                .filter(d -> "subnetId".equals(d.name())).map(d -> d.value()).collect(Collectors.joining(","));
        assertTrue(api.config().path("service").path("subnets").toString().contains(subnets) && !subnets.isEmpty(),
                "in the service's subnets: " + subnets);
        assertTrue(task.tags().stream().anyMatch(t -> t.key().equals("ecs-deployer:config")
                && t.value().equals("prod/api")), task.tags().toString());
        assertTrue(task.tags().stream().anyMatch(t -> t.key().equals("ecs-deployer:image-digest")
                && t.value().equals(DIGEST_B)), task.tags().toString());

        JsonNode rolled = report(LambdaInvoker.invoke(stopped(task, 0)));
        assertEquals("APPLIED", rolled.path("status").asText(), rolled.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_B), api.runningImage());
        assertEquals(task.taskDefinitionArn(), api.service().taskDefinition(), "the revision the task ran");
        assertTrue(rolled.path("deploymentId").asText().startsWith("ecs-svc/"), rolled.toString());
        assertEquals("", api.tags().get("ecs-deployer:pre-deploy-task"), "no longer pending");

        // A redelivered stop event finds nothing pending and changes nothing.
        JsonNode again = report(LambdaInvoker.invoke(stopped(task, 0)));
        assertEquals("SKIPPED", again.path("status").asText(), again.toString());
    }

    @Test
    void aPreDeployThatExitsOneFailsTheDeploymentAndNothingRollsOut() {
        report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-02T00:00:00Z")));
        Task task = pendingTask();

        JsonNode failed = report(LambdaInvoker.invoke(stopped(task, 1)));
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("errors").toString().contains("pre-deploy failed")
                && failed.path("errors").toString().contains("exited with code 1"), failed.toString());
        assertEquals(deployed, api.runningImage(), "nothing rolled out");
        assertEquals(revision, api.service().taskDefinition(), "the service is untouched");
        List<JsonNode> announced = api.published.ofType("Deployment Failed");
        assertEquals(1, announced.size(), announced.toString());
        assertTrue(announced.get(0).toString().contains("pre-deploy failed")
                && announced.get(0).toString().contains("exited with code 1"), announced.toString());
        assertEquals("", api.tags().get("ecs-deployer:pre-deploy-task"), "no longer pending");

        // Like a failed rollout, the image is not redeployed automatically.
        JsonNode redelivered = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-02T00:00:00Z")));
        assertEquals("SKIPPED", redelivered.path("status").asText(), redelivered.toString());
        assertTrue(redelivered.path("errors").toString().contains("failed or was rolled back before"),
                redelivered.toString());
    }

    @Test
    void aTaskStoppedWithoutAnExitCodeFailsTheDeployment() {
        report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-02T00:00:00Z")));
        ObjectNode event = stopped(pendingTask(), 0);
        ObjectNode detail = (ObjectNode) event.get("detail");
        ((ObjectNode) detail.get("containers").get(0)).remove("exitCode");
        detail.put("stopCode", "TaskFailedToStart").put("stoppedReason",
                "CannotPullContainerError: pull image manifest has been retried 5 time(s)");

        JsonNode failed = report(LambdaInvoker.invoke(event));
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("errors").toString().contains("without an exit code")
                && failed.path("errors").toString().contains("CannotPullContainerError"), failed.toString());
        assertEquals(deployed, api.runningImage());
    }

    @Test
    void aNewerPushSupersedesThePendingPreDeployAndAnOlderOneDoesNot() {
        report(LambdaInvoker.invoke(api.push(DIGEST_A, "2026-01-02T00:00:00Z")));
        Task first = pendingTask();
        JsonNode newer = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-03T00:00:00Z")));
        assertEquals("PRE_DEPLOYING", newer.path("status").asText(), newer.toString());
        Task second = pendingTask();
        assertTrue(!first.taskArn().equals(second.taskArn()), "a task of its own");
        assertEquals("STOPPED", describe(first).lastStatus(), "the superseded task is stopped");

        JsonNode older = report(LambdaInvoker.invoke(api.push(DIGEST_A, "2026-01-02T12:00:00Z")));
        assertEquals("SKIPPED", older.path("status").asText(), older.toString());
        assertTrue(older.path("errors").toString().contains("is older than the image of the pre-deploy task"),
                older.toString());
        assertEquals(second.taskArn(), pendingTask().taskArn(), "still the newer one's");

        // The superseded task's stop (even with exit 0) rolls nothing out.
        JsonNode ignored = report(LambdaInvoker.invoke(stopped(first, 0)));
        assertEquals("SKIPPED", ignored.path("status").asText(), ignored.toString());
        assertTrue(ignored.path("errors").toString().contains("is not the pending pre-deploy"), ignored.toString());
        assertEquals(deployed, api.runningImage());

        JsonNode rolled = report(LambdaInvoker.invoke(stopped(second, 0)));
        assertEquals("APPLIED", rolled.path("status").asText(), rolled.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_B), api.runningImage());
    }

    @Test
    void theDriftCheckFailsAPreDeployPastItsTimeoutAndStopsItsTask() {
        report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-02T00:00:00Z")));
        Task task = pendingTask();
        String drift = "{\"command\":\"drift-check\",\"environment\":\"prod\"}";
        JsonNode early = LambdaInvoker.invoke(drift);
        assertTrue(early.toString().contains("the rollout waits for it to exit 0"), early.toString());
        assertEquals(0, api.published.ofType("Deployment Failed").size());

        // Started 31 minutes ago: past the default timeout of 30.
        String longAgo = Instant.now().minus(31, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        api.ecs.tagResource(b -> b.resourceArn(api.service().serviceArn()).tags(t -> t
                .key("ecs-deployer:pre-deploy-started-at").value(longAgo)));
        JsonNode check = LambdaInvoker.invoke(drift);
        assertTrue(check.toString().contains("past its timeout of 30"), check.toString());
        assertEquals("STOPPED", describe(task).lastStatus(), "the task is stopped");
        List<JsonNode> announced = api.published.ofType("Deployment Failed");
        assertEquals(1, announced.size(), announced.toString());
        assertTrue(announced.get(0).toString().contains("did not stop within 30 minutes"), announced.toString());
        assertEquals("", api.tags().get("ecs-deployer:pre-deploy-task"));

        // Its stop event, arriving afterwards, changes nothing.
        JsonNode late = report(LambdaInvoker.invoke(stopped(task, 0)));
        assertEquals("SKIPPED", late.path("status").asText(), late.toString());
        assertEquals(deployed, api.runningImage());
    }

    /** The pre-deploy task the service records as pending, as moto describes it. */
    private Task pendingTask() {
        String id = api.tags().get("ecs-deployer:pre-deploy-task");
        assertTrue(id != null && !id.isEmpty(), "a pre-deploy is pending: " + api.tags());
        return api.ecs.describeTasks(b -> b.cluster(api.baseline.clusterName()).tasks(id).include(TaskField.TAGS))
                .tasks().get(0);
    }

    private Task describe(Task task) {
        return api.ecs.describeTasks(b -> b.cluster(api.baseline.clusterName()).tasks(task.taskArn())).tasks().get(0);
    }

    /** The {@code ECS Task State Change} AWS sends when the task stops with {@code exitCode}. */
    private ObjectNode stopped(Task task, int exitCode) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ecs-task-stopped-pre-deploy.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("clusterArn", api.baseline.clusterArn()).put("taskArn", task.taskArn())
                .put("taskDefinitionArn", task.taskDefinitionArn());
        ObjectNode container = (ObjectNode) detail.get("containers").get(0);
        container.put("taskArn", task.taskArn()).put("exitCode", exitCode);
        event.putArray("resources").add(task.taskArn());
        return event;
    }

    private static JsonNode report(JsonNode response) {
        assertEquals("ok", response.path("status").asText(), response.toString());
        return response.path("services").get(0);
    }
}
