package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.EcsDeployments;
import dev.ecsdeployer.harness.Fault;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outcomes, ordering, concurrency, throttling and partial failure, against moto with fault injection. */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class SafetyTest {

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String SERVICE = "myapp-prod-api";

    ApiService api;
    AwsClientFactory aws;
    EcsClient ecs;
    Baseline baseline;
    PublishedEvents published;
    EcsDeployments deployments;

    @BeforeEach
    void setUp() {
        api = ApiService.onFreshMoto();
        deployments = EcsDeployments.onMoto();
        aws = api.aws;
        ecs = api.ecs;
        baseline = api.baseline;
        published = api.published;
        // Two different arm64 images (moto keys images by manifest content, so the manifests differ).
        api.putImage("a", DIGEST_A, "linux/arm64");
        api.putImage("b", DIGEST_B, "linux/arm64", "linux/amd64");
        // The service exists already, as it does for most pushes.
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-01-01T00:00:00Z"));
        FaultInjector.reset();
    }

    @AfterEach
    void closeDeployments() {
        deployments.close();
    }

    ObjectNode push(String digest, String time) {
        return api.push(digest, time);
    }

    Service service() {
        return api.service();
    }

    Map<String, String> tags() {
        return api.tags();
    }

    String runningImage() {
        return api.runningImage();
    }

    @Test
    void aCompletedDeploymentIsReportedAsCompleted() {
        String id = LambdaInvoker.invoke(push(DIGEST_A, "2026-02-01T00:00:00Z")).path("services").get(0)
                .path("deploymentId").asText();

        ObjectNode completed = deployments.completed(baseline.clusterName(), SERVICE, id);
        JsonNode outcome = LambdaInvoker.invoke(completed);
        JsonNode again = LambdaInvoker.invoke(completed);

        assertEquals("COMPLETED", outcome.path("outcome").asText(), outcome.toString());
        assertTrue(again.path("duplicate").asBoolean(), "a redelivered event is not reported twice");
        assertEquals(1, published.ofType("Deployment Completed").size());
        assertTrue(published.ofType("Deployment Rolled Back").isEmpty());
    }

    @Test
    void aFailedThenRolledBackDeploymentIsNeverASuccessAndItsImageIsNotRedeployed() {
        String previous = service().taskDefinition();
        String id = LambdaInvoker.invoke(push(DIGEST_A, "2026-02-01T00:00:00Z")).path("services").get(0)
                .path("deploymentId").asText();
        assertEquals(deployments.primary(baseline.clusterName(), SERVICE).id(), id,
                "the push reports the deployment ECS started for it");

        // AWS's sequence: FAILED for ours, then the circuit breaker's rollback, a new deployment of the
        // previous revision (IN_PROGRESS, then COMPLETED).
        EcsDeployments.CircuitBreakerRollback rollback =
                deployments.circuitBreakerRollback(baseline.clusterName(), SERVICE, id);
        assertEquals(previous, rollback.previousTaskDefinition());
        JsonNode failed = LambdaInvoker.invoke(rollback.failed());
        int reported = published.all().size();
        JsonNode rollingBack = LambdaInvoker.invoke(rollback.rollbackInProgress());
        assertEquals(reported, published.all().size(), "the rollback's start reports nothing: " + rollingBack);
        JsonNode rolledBack = LambdaInvoker.invoke(rollback.rollbackCompleted());

        assertEquals("FAILED", failed.path("outcome").asText(), failed.toString());
        assertFalse(List.of("COMPLETED", "FAILED").contains(rollingBack.path("outcome").asText()), rollingBack.toString());
        assertEquals("ROLLED_BACK", rolledBack.path("outcome").asText(), rolledBack.toString());
        assertEquals(1, published.ofType("Deployment Failed").size());
        assertEquals(1, published.ofType("Deployment Rolled Back").size());
        assertTrue(published.ofType("Deployment Completed").isEmpty(), "a rollback is never a success");
        assertTrue(published.ofType("Deployment Rolled Back").get(0).path("detail").path("reason").asText()
                .contains("ECS deployment"));
        assertTrue(tags().get("ecs-deployer:failed-digests").contains(DIGEST_A));

        // No automatic path brings the failed image back: not a redelivered push, not a drift heal.
        JsonNode again = LambdaInvoker.invoke(push(DIGEST_A, "2026-02-01T00:00:00Z")).path("services").get(0);
        assertEquals("SKIPPED", again.path("status").asText(), again.toString());
        assertTrue(again.path("errors").get(0).asText().contains("failed or was rolled back"));
        assertTrue(runningImage().endsWith(baseline.imageDigest()));
        JsonNode drift = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        assertEquals("IN_SYNC", drift.path("services").get(0).path("status").asText(), drift.toString());
    }

    @Test
    void pushesDeliveredOutOfOrderEndOnTheNewerImage() {
        LambdaInvoker.invoke(push(DIGEST_B, "2026-03-02T00:00:00Z"));
        JsonNode older = LambdaInvoker.invoke(push(DIGEST_A, "2026-03-01T00:00:00Z")).path("services").get(0);

        assertEquals("SKIPPED", older.path("status").asText(), older.toString());
        assertTrue(older.path("errors").get(0).asText().contains("older than the running"));
        assertTrue(runningImage().endsWith(DIGEST_B));
    }

    @Test
    void withThirtyPercentOfCallsThrottledThePushConvergesAndRegistersOnce() {
        FaultInjector.throttleFraction(0.3, 7);

        JsonNode report = LambdaInvoker.invoke(push(DIGEST_A, "2026-05-01T00:00:00Z")).path("services").get(0);
        FaultInjector.reset();

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(2, ecs.listTaskDefinitions(b -> b.familyPrefix(SERVICE)).taskDefinitionArns().size(),
                "the first release and this one: no duplicate");
        assertTrue(runningImage().endsWith(DIGEST_A));
    }

    @Test
    void aRunCutOffAfterRegisteringFinishesNextTimeWithoutRegisteringAgain() {
        FaultInjector.failNext("ECS.UpdateService", Fault.SERVER_ERROR, 8);

        JsonNode failed = LambdaInvoker.invoke(push(DIGEST_A, "2026-06-01T00:00:00Z")).path("services").get(0);
        JsonNode retried = LambdaInvoker.invoke(push(DIGEST_A, "2026-06-01T00:00:00Z")).path("services").get(0);

        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("failedStep").asText().startsWith("UPDATE SERVICE"), failed.toString());
        assertTrue(failed.path("applied").toString().contains("REGISTER TASK_DEFINITION"), failed.toString());
        assertEquals("APPLIED", retried.path("status").asText(), retried.toString());
        assertEquals(1, FaultInjector.calls("ECS.RegisterTaskDefinition"));
        assertTrue(runningImage().endsWith(DIGEST_A));
    }

    @Test
    void malformedTruncatedAndOversizedInputGetsAClearErrorAndChangesNothing() {
        String valid = push(DIGEST_A, "2026-07-01T00:00:00Z").toString();
        List<String> events = List.of(
                "", "null", "[]", "42", "\"push\"", "{", valid.substring(0, valid.length() / 2),
                "{\"detail-type\":\"ECR Image Action\"}",
                "{\"source\":\"aws.ecr\",\"detail-type\":\"ECR Image Action\",\"detail\":\"x\"}",
                valid.replace("\"PUSH\"", "17"),
                valid.replace("sha256:" + "a".repeat(64), "sha256:zz"),
                valid.replace("\"2026-07-01T00:00:00Z\"", "\"yesterday\""),
                "{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Deployment State Change\",\"resources\":[\"x\"],"
                        + "\"detail\":{\"eventName\":\"SERVICE_DEPLOYMENT_COMPLETED\",\"deploymentId\":\"d\"}}",
                "{\"command\":\"destroy\"}",
                "{\"command\":\"deploy\",\"environment\":\"prod\"}",
                "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\",\"digest\":\"latest\"}",
                "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}",
                "{\"x\":\"" + "y".repeat(300_000) + "\"}");
        for (String event : events) {
            JsonNode response = LambdaInvoker.invoke(event);
            assertEquals("rejected", response.path("status").asText(), event.length() > 200
                    ? event.substring(0, 200) : event + " → " + response);
            assertFalse(response.path("error").asText().isBlank());
        }
        assertNoWrites();

        // Broken configs: each rejected with its errors, nothing written for them.
        List<String> configs = List.of("{", "[]", "{\"name\":\"api\",\"project\":7}",
                "{\"name\":\"api\",\"projekt\":\"myapp\"}", "{\"x\":\"" + "y".repeat(9000) + "\"}");
        for (String config : configs) {
            aws.ssm().putParameter(b -> b.name("/ecs-deployer/prod/api").value(config).type("String").overwrite(true)
                    .tier(config.length() > 4096 ? "Advanced" : "Standard"));
            JsonNode report = LambdaInvoker.invoke(LambdaInvoker.sample("command-plan.json")).path("services").get(0);
            assertEquals("REJECTED", report.path("status").asText(), config + " → " + report);
            assertFalse(report.path("errors").isEmpty());
        }
        assertNoWrites();
    }

    static void assertNoWrites() {
        List<String> writes = FaultInjector.calls().keySet().stream()
                .filter(op -> op.matches(".*\\.(Register|Update|Create|Delete|Put(?!Events)|Tag).*"))
                .filter(op -> !op.equals("SSM.PutParameter"))
                .toList();
        assertTrue(writes.isEmpty(), "nothing in AWS changes: " + writes);
    }
}
