package dev.ecsdeployer.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.Fault;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through the Lambda handler on moto: the platform check on push, and the {@code verify} command. */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class VerifyBeforeRolloutTest {

    AwsClientFactory aws;
    EcsClient ecs;
    EcrClient ecr;
    Baseline baseline;
    PublishedEvents published;

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        aws = AwsClientFactory.fromEnvironment();
        ecs = aws.ecs();
        ecr = aws.ecr();
        baseline = MotoBaseline.create(aws, "api");
        published = PublishedEvents.capture(aws);
        // The example api service runs on Graviton (ARM64).
        ExampleConfigs.put(aws.ssm(), "prod", "api", ExampleConfigs.forBaseline("api-prod.json", baseline));
        FaultInjector.reset();
    }

    JsonNode push(String digest) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ecr-push.json");
        ((ObjectNode) event.get("detail")).put("repository-name", baseline.repositoryName())
                .put("image-digest", digest).put("image-tag", "latest");
        return LambdaInvoker.invoke(event);
    }

    @Test
    void anAmd64OnlyImagePushedForTheArm64ServiceIsRefusedAndNothingChanges() {
        String digest = TestManifests.put(ecr, baseline.repositoryName(), "latest", TestManifests.index("linux/amd64"));

        JsonNode report = push(digest).path("services").get(0);

        assertEquals("REFUSED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().contains("has only [linux/amd64]; taskDefinition.cpuArchitecture"
                + " ARM64 needs linux/arm64"), report.toString());
        assertEquals(0, FaultInjector.calls("ECS.RegisterTaskDefinition"), FaultInjector.calls().toString());
        assertEquals(0, FaultInjector.calls("ECS.CreateService") + FaultInjector.calls("ECS.UpdateService"));
        assertTrue(ecs.listTaskDefinitions(b -> b.familyPrefix("myapp-prod-api")).taskDefinitionArns().isEmpty());
        JsonNode refused = published.ofType("Deployment Refused").get(0).path("detail");
        assertEquals("api", refused.path("service").asText());
        assertEquals(report.path("errors"), refused.path("errors"));
    }

    @Test
    void anImageEcrWillNotShowTheDeployerIsRefusedNamingThePermissionAndNothingChanges() {
        String digest = TestManifests.put(ecr, baseline.repositoryName(), "latest", TestManifests.index("linux/arm64"));
        FaultInjector.failNext("ECR.BatchGetImage", Fault.ACCESS_DENIED);

        JsonNode report = push(digest).path("services").get(0);

        assertEquals("REFUSED", report.path("status").asText(), report.toString());
        String error = report.path("errors").get(0).asText();
        assertTrue(error.startsWith("ECR denied the deployer ecr:BatchGetImage on "), error);
        assertTrue(error.contains("allow ecr:BatchGetImage on the repository"), error);
        assertEquals(0, FaultInjector.calls("ECS.RegisterTaskDefinition") + FaultInjector.calls("ECS.CreateService")
                + FaultInjector.calls("ECS.UpdateService"), FaultInjector.calls().toString());
        assertTrue(ecs.listTaskDefinitions(b -> b.familyPrefix("myapp-prod-api")).taskDefinitionArns().isEmpty());
        assertEquals(1, published.ofType("Deployment Refused").size());
    }

    @Test
    void aMultiPlatformIndexWithArm64IsDeployed() {
        String digest = TestManifests.put(ecr, baseline.repositoryName(), "latest",
                TestManifests.index("linux/amd64", "linux/arm64"));

        JsonNode report = push(digest).path("services").get(0);

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(1, FaultInjector.calls("ECR.BatchGetImage"), FaultInjector.calls().toString());
        assertTrue(ecs.describeTaskDefinition(b -> b.taskDefinition("myapp-prod-api")).taskDefinition()
                .containerDefinitions().get(0).image().endsWith("@" + digest));
        assertTrue(published.ofType("Deployment Refused").isEmpty());
    }

    @Test
    void anImageWhosePlatformCannotBeReadIsDeployedWithANotice() {
        // The baseline image is a single manifest; moto serves no config blobs, so its platform is unknown.
        JsonNode report = push(baseline.imageDigest()).path("services").get(0);

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertTrue(report.path("notices").toString().contains("image platform not verified"), report.toString());
    }

    @Test
    void theVerifyCommandReportsEachFindingWithItsFieldPath() {
        JsonNode response = LambdaInvoker.invoke("{\"command\":\"verify\",\"environment\":\"prod\",\"service\":\"api\"}");

        JsonNode report = response.path("services").get(0);
        assertEquals("verify", response.path("trigger").asText());
        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        // The example names secrets that do not exist on moto and follows "latest", which the baseline (v1) lacks;
        // roles, network and log group are sound.
        assertEquals(3, report.path("errors").size(), report.toString());
        assertTrue(report.path("errors").get(0).asText().startsWith("taskDefinition.secrets.DATABASE_PASSWORD: no secret"));
        assertTrue(report.path("errors").get(1).asText().startsWith("taskDefinition.secrets.DATABASE_USERNAME: no secret"));
        assertEquals("image.tag: image api:latest does not exist in ECR; nothing to roll out until api:latest is pushed",
                report.path("errors").get(2).asText());
        assertEquals(1, published.ofType("Verification Failed").size());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.startsWith("ECS.")),
                "verify writes nothing and reads no ECS state: " + FaultInjector.calls());
    }
}
