package dev.ecsdeployer.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.EcsDeployments;
import dev.ecsdeployer.harness.Fault;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployment ids and outcomes where AWS's deployments behave differently from plain moto's: each
 * UpdateService that replaces tasks is a new deployment with a new id, one that does not is none,
 * and an earlier deployment's events may still arrive (EventBridge delivers at least once, in no
 * guaranteed order). moto moves as AWS does through the harness's patch and {@link EcsDeployments}.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class DeploymentsAsOnAwsTest {

    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String SERVICE = "myapp-prod-api";

    AwsClientFactory aws;
    Baseline baseline;
    PublishedEvents published;
    EcsDeployments deployments;
    ObjectNode config;

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        aws = AwsClientFactory.fromEnvironment();
        baseline = MotoBaseline.create(aws, "api");
        published = PublishedEvents.capture(aws);
        config = ExampleConfigs.forBaseline("api-prod.json", baseline);
        ExampleConfigs.put(aws.ssm(), "prod", "api", config);
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                .imageManifest(TestManifests.index("linux/arm64")));
        deployments = EcsDeployments.onMoto();
    }

    @AfterEach
    void tearDown() {
        deployments.close();
    }

    String deploy(String digest, String time) {
        JsonNode report = LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), digest, "latest", time))
                .path("services").get(0);
        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        return report.path("deploymentId").asText();
    }

    String outcome(ObjectNode event) {
        return LambdaInvoker.invoke(event).path("outcome").asText();
    }

    @Test
    void eachImageIsANewDeploymentWhoseCompletionIsMatched() {
        String first = deploy(baseline.imageDigest(), "2026-01-01T00:00:00Z");
        assertEquals("COMPLETED", outcome(deployments.completed(baseline.clusterName(), SERVICE, first)));

        String second = deploy(DIGEST_B, "2026-02-01T00:00:00Z");

        assertNotEquals(first, second, "a new task definition is a new deployment on AWS");
        assertEquals(deployments.primary(baseline.clusterName(), SERVICE).id(), second);
        assertEquals("IN_PROGRESS", outcome(deployments.inProgress(baseline.clusterName(), SERVICE, second)));
        assertEquals("COMPLETED", outcome(deployments.completed(baseline.clusterName(), SERVICE, second)));
        assertEquals(2, published.ofType("Deployment Completed").size());
    }

    @Test
    void aLateCompletionOfThePreviousDeploymentIsNotOurs() {
        String first = deploy(baseline.imageDigest(), "2026-01-01T00:00:00Z");
        ObjectNode firstCompleted = deployments.completed(baseline.clusterName(), SERVICE, first);
        assertEquals("COMPLETED", outcome(firstCompleted));
        deploy(DIGEST_B, "2026-02-01T00:00:00Z");

        // EventBridge redelivers the first deployment's completion while the second rolls out.
        String late = outcome(firstCompleted);

        assertEquals("UNMATCHED", late, "the second deployment has not completed");
        assertEquals(1, published.ofType("Deployment Completed").size());
    }

    @Test
    void anUpdateThatStartsNoDeploymentIsNotReportedAsAStartedDeployment() {
        String first = deploy(baseline.imageDigest(), "2026-01-01T00:00:00Z");
        assertEquals("COMPLETED", outcome(deployments.completed(baseline.clusterName(), SERVICE, first)));
        int started = published.ofType("Deployment Started").size();

        // Only the deployment settings change: ECS updates the service and starts no deployment.
        ((ObjectNode) config.path("service").path("deployment")).put("maximumPercent", 150);
        ExampleConfigs.put(aws.ssm(), "prod", "api", config);
        JsonNode report = LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\","
                + "\"digest\":\"" + baseline.imageDigest() + "\"}").path("services").get(0);

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(first, deployments.primary(baseline.clusterName(), SERVICE).id(), "ECS started no deployment");
        assertEquals(started, published.ofType("Deployment Started").size(),
                "no deployment started, none reported: " + published.ofType("Deployment Started"));
    }

    @Test
    void aRunCutOffAfterUpdateServiceIsRecordedWhenRunAgainAndItsRollbackIsNeverASuccess() {
        String first = deploy(baseline.imageDigest(), "2026-01-01T00:00:00Z");
        assertEquals("COMPLETED", outcome(deployments.completed(baseline.clusterName(), SERVICE, first)));
        ObjectNode push = LambdaInvoker.push(baseline.repositoryName(), DIGEST_B, "latest", "2026-02-01T00:00:00Z");

        // UpdateService goes through; every call after it fails (the run is cut off before it records).
        FaultInjector.failNext("ECS.TagResource", Fault.SERVER_ERROR, 100);
        FaultInjector.failNext("EventBridge.PutEvents", Fault.SERVER_ERROR, 100);
        JsonNode cut = LambdaInvoker.invoke(push).path("services").get(0);
        assertEquals("FAILED", cut.path("status").asText(), cut.toString());
        String started = deployments.primary(baseline.clusterName(), SERVICE).id();
        assertNotEquals(first, started, "the update started a deployment");
        FaultInjector.reset();

        // The same event again: nothing left to change, but what was rolled out is recorded now.
        JsonNode again = LambdaInvoker.invoke(push).path("services").get(0);
        assertEquals("UNCHANGED", again.path("status").asText(), again.toString());

        EcsDeployments.CircuitBreakerRollback rollback = deployments.circuitBreakerRollback(baseline.clusterName(),
                SERVICE, started);
        assertEquals("FAILED", outcome(rollback.failed()));
        assertEquals("ROLLING_BACK", outcome(rollback.rollbackInProgress()));
        assertEquals("ROLLED_BACK", outcome(rollback.rollbackCompleted()));
        assertEquals(1, published.ofType("Deployment Rolled Back").size());
        assertEquals(1, published.ofType("Deployment Completed").size(), "only the first release completed");
        assertTrue(published.ofType("Deployment Rolled Back").get(0).path("resources").toString()
                .contains(":service/" + baseline.clusterName() + "/"), "the outcome names the service's ARN");

        // A heal keeps the rolled-back image: the failed one is never redeployed automatically.
        config.put("driftPolicy", "heal");
        ExampleConfigs.put(aws.ssm(), "prod", "api", config);
        LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        String running = aws.ecs().describeTaskDefinition(b -> b.taskDefinition(deployments.service(
                baseline.clusterName(), SERVICE).taskDefinition())).taskDefinition().containerDefinitions().get(0).image();
        assertTrue(running.endsWith(baseline.imageDigest()), running);
    }
}
