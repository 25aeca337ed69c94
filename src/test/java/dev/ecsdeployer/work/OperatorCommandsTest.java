package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeployer.harness.EcsDeployments;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's hold, release and rollback, through the handler on moto: while held, pushes are kept
 * but not deployed and drift is reported, not healed; the release deploys the newest push kept; a
 * rollback deploys the last image whose deployment ECS reported complete, and it sticks.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class OperatorCommandsTest {

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String HOLD = "{\"command\":\"hold\",\"environment\":\"prod\",\"service\":\"api\","
            + "\"reason\":\"incident 4711: payments errors\"}";
    static final String ROLLBACK = "{\"command\":\"rollback\",\"environment\":\"prod\",\"service\":\"api\"}";
    static final String DRIFT_CHECK = "{\"command\":\"drift-check\",\"environment\":\"prod\"}";
    static final String RELEASE = "{\"command\":\"release\",\"environment\":\"prod\",\"service\":\"api\"}";

    ApiService api;
    String deployed;

    @BeforeEach
    void setUp() {
        api = ApiService.onFreshMoto();
        api.putImage("a", DIGEST_A, "linux/arm64");
        api.putImage("b", DIGEST_B, "linux/arm64", "linux/amd64");
        LambdaInvoker.invoke(api.push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z"));
        deployed = api.runningImage();
    }

    @Test
    void pushesWhileHeldAreKeptNotDeployedAndTheReleaseDeploysTheNewest() {
        JsonNode held = report(LambdaInvoker.invoke(HOLD));
        assertEquals("HELD", held.path("status").asText(), held.toString());
        assertTrue(held.path("notices").toString().contains("incident 4711: payments errors"), held.toString());
        assertEquals(1, api.published.ofType("Service Held").size(), "the hold is announced");

        JsonNode newer = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-03T00:00:00Z")));
        JsonNode older = report(LambdaInvoker.invoke(api.push(DIGEST_A, "2026-01-02T00:00:00Z")));
        for (JsonNode skipped : new JsonNode[] {newer, older}) {
            assertEquals("SKIPPED", skipped.path("status").asText(), skipped.toString());
            assertTrue(skipped.path("errors").toString().contains("held by an operator"), skipped.toString());
        }
        assertEquals(deployed, api.runningImage(), "nothing deployed while held");
        assertTrue(api.tags().get("ecs-deployer:held-image").endsWith(DIGEST_B),
                "the newest push is kept, not the one that arrived last: " + api.tags());

        JsonNode again = report(LambdaInvoker.invoke(HOLD));
        assertEquals("HELD", again.path("status").asText(), again.toString());
        assertTrue(again.path("notices").toString().contains("already held"), again.toString());

        JsonNode released = report(LambdaInvoker.invoke(RELEASE));
        assertEquals("APPLIED", released.path("status").asText(), released.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_B), api.runningImage());
        assertEquals("", api.tags().get("ecs-deployer:hold"), "the hold is lifted");

        // Released: the next push deploys as usual; a second release has nothing to do.
        JsonNode next = report(LambdaInvoker.invoke(api.push(DIGEST_A, "2026-01-04T00:00:00Z")));
        assertEquals("APPLIED", next.path("status").asText(), next.toString());
        JsonNode nothing = report(LambdaInvoker.invoke(RELEASE));
        assertEquals("SKIPPED", nothing.path("status").asText(), nothing.toString());
        assertTrue(nothing.path("errors").toString().contains("not held"), nothing.toString());
    }

    @Test
    void aHeldServicesDriftIsReportedAndAReleaseAppliesTheConfigChangedMeanwhile() {
        LambdaInvoker.invoke(HOLD);
        var config = api.config();
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("logGroup")).put("retentionDays", 90);
        api.putConfig(config);

        JsonNode check = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        String checked = check.toString();
        assertTrue(checked.contains("logGroup.retentionDays"), checked);
        assertTrue(checked.contains("held by an operator since"), checked);

        JsonNode released = report(LambdaInvoker.invoke(RELEASE));
        assertEquals("APPLIED", released.path("status").asText(), released.toString());
        assertEquals(90, api.aws.logs().describeLogGroups(b -> b.logGroupNamePrefix("/ecs/myapp-prod/api"))
                .logGroups().get(0).retentionInDays());
    }

    @Test
    void aHoldNamesAServiceWithAConfigAndAReasonATagCanHold() {
        JsonNode missing = LambdaInvoker.invoke(
                "{\"command\":\"hold\",\"environment\":\"prod\",\"service\":\"nope\"}");
        assertEquals("rejected", missing.path("status").asText(), missing.toString());
        assertTrue(missing.path("error").asText().contains("no config at"), missing.toString());

        JsonNode badReason = LambdaInvoker.invoke(
                "{\"command\":\"hold\",\"environment\":\"prod\",\"service\":\"api\",\"reason\":\"see #ops; now!\"}");
        assertEquals("rejected", badReason.path("status").asText(), badReason.toString());
        assertTrue(badReason.path("error").asText().contains("may hold only letters, digits, spaces"),
                badReason.toString());
        assertEquals(null, api.tags().get("ecs-deployer:hold"), "nothing written");
    }

    @Test
    void aRollbackDeploysTheLastCompletedImageBeforeTheRunningOneAndSticks() {
        JsonNode none = report(LambdaInvoker.invoke(ROLLBACK));
        assertEquals("SKIPPED", none.path("status").asText(), none.toString());
        assertTrue(none.path("errors").toString().contains("no completed deployment of another image"),
                none.toString());

        complete(report(LambdaInvoker.invoke(api.push(DIGEST_A, "2026-01-02T00:00:00Z"))));
        complete(report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-03T00:00:00Z"))));
        assertTrue(api.runningImage().endsWith(DIGEST_B));

        JsonNode back = report(LambdaInvoker.invoke(ROLLBACK));
        assertEquals("APPLIED", back.path("status").asText(), back.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_A), "rolled back to A: " + api.runningImage());
        // B's push is older than the rollback: a redelivery of it does not undo the rollback.
        JsonNode redelivered = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-03T00:00:00Z")));
        assertEquals("SKIPPED", redelivered.path("status").asText(), redelivered.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_A), api.runningImage());
    }

    @Test
    void duringAFreezePushesWaitCommandsNeedForceAndTheKeptPushDeploysAfterIt() {
        String always = "{\"deployFreeze\":[{\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]}]}";
        api.aws.ssm().putParameter(b -> b.name("/ecs-deployer/prod/_defaults").value(always).type("String").overwrite(true));

        JsonNode pushed = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-03T00:00:00Z")));
        assertEquals("SKIPPED", pushed.path("status").asText(), pushed.toString());
        assertTrue(pushed.path("errors").toString().contains("deploy freeze (MON,TUE,WED,THU,FRI,SAT,SUN 00:00-24:00 UTC)"),
                pushed.toString());
        assertEquals(deployed, api.runningImage(), "nothing deployed during the freeze");
        String deployA = "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\",\"digest\":\""
                + DIGEST_A + "\"";
        JsonNode unforced = report(LambdaInvoker.invoke(deployA + "}"));
        assertEquals("SKIPPED", unforced.path("status").asText(), unforced.toString());
        assertTrue(unforced.path("errors").toString().contains("only with \\\"force\\\": true"), unforced.toString());
        assertEquals(deployed, api.runningImage());
        JsonNode quiet = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        assertTrue(quiet.toString().contains("waits for the end of the deploy freeze"), quiet.toString());
        assertEquals(deployed, api.runningImage(), "the drift check deploys nothing during the freeze");

        // The freeze is over: the next drift check deploys the push kept during it.
        api.aws.ssm().deleteParameter(b -> b.name("/ecs-deployer/prod/_defaults"));
        JsonNode check = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        assertTrue(check.toString().contains("is deployed now"), check.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_B), "the kept push: " + api.runningImage());
        assertEquals("", api.tags().get("ecs-deployer:held-image"), "no longer kept");
    }

    @Test
    void aForcedDeployGoesThroughAFreeze() {
        String always = "{\"deployFreeze\":[{\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]}]}";
        api.aws.ssm().putParameter(b -> b.name("/ecs-deployer/prod/_defaults").value(always).type("String").overwrite(true));
        JsonNode forced = report(LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"prod\","
                + "\"service\":\"api\",\"digest\":\"" + DIGEST_A + "\",\"force\":true}"));
        assertEquals("APPLIED", forced.path("status").asText(), forced.toString());
        assertTrue(api.runningImage().endsWith(DIGEST_A), api.runningImage());
    }

    @Test
    void aDeploymentInProgressPastItsDeadlineIsReportedStuckAndRolledBackWhereTheConfigAsks() {
        var config = api.config();
        config.putObject("stuckDeployment").put("afterMinutes", 20).put("rollback", true);
        api.putConfig(config);
        String cluster = api.baseline.clusterName();
        try (EcsDeployments deployments = EcsDeployments.onMoto()) {
            JsonNode a = report(LambdaInvoker.invoke(api.push(DIGEST_A, "2026-01-02T00:00:00Z")));
            LambdaInvoker.invoke(deployments.completed(cluster, ApiService.SERVICE, a.path("deploymentId").asText()));
            JsonNode b = report(LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-03T00:00:00Z")));
            String hanging = b.path("deploymentId").asText();

            deployments.startedMinutesAgo(cluster, ApiService.SERVICE, hanging, 10);
            JsonNode early = LambdaInvoker.invoke(DRIFT_CHECK);
            assertFalse(early.toString().contains("\"stuck\""), "10 minutes is within the deadline: " + early);
            assertTrue(api.runningImage().endsWith(DIGEST_B));

            deployments.startedMinutesAgo(cluster, ApiService.SERVICE, hanging, 45);
            JsonNode check = LambdaInvoker.invoke(DRIFT_CHECK);
            assertTrue(check.toString().contains("deployment " + hanging + " in progress for 45 minutes (deadline 20)"),
                    check.toString());
            assertEquals(1, api.published.ofType("Deployment Stuck").size(), "announced once");
            assertTrue(check.toString().contains("stuck: rolling back to"), check.toString());
            assertTrue(api.runningImage().endsWith(DIGEST_A), "back on the last completed image: " + api.runningImage());
        }
    }

    /** ECS reports the push's deployment complete. */
    private void complete(JsonNode pushed) {
        assertEquals("APPLIED", pushed.path("status").asText(), pushed.toString());
        LambdaInvoker.invoke(api.deploymentEvent("ecs-deployment-completed.json", pushed.path("deploymentId").asText()));
    }

    private static JsonNode report(JsonNode response) {
        assertEquals("ok", response.path("status").asText(), response.toString());
        return response.path("services").get(0);
    }
}
