package dev.ecsdeployer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler's per-service reports carry the service's cost, through the Lambda handler on moto (us-east-1). */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class CostInReportsTest {

    AwsClientFactory aws;
    EcsClient ecs;
    Baseline baseline;

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        aws = AwsClientFactory.fromEnvironment();
        ecs = aws.ecs();
        baseline = MotoBaseline.create(aws, "api");
        ExampleConfigs.put(aws.ssm(), "prod", "api", ExampleConfigs.forBaseline("api-prod.json", baseline));
    }

    @Test
    void aDeployReportsTheDesiredCostAndTheScalingRangeOfANewService() {
        JsonNode cost = push().path("cost");

        assertEquals("us-east-1", cost.path("region").asText(), cost.toString());
        assertEquals(new BigDecimal("28.84"), cost.path("desiredMonthly").decimalValue(), "2 × 512/1024 on Graviton");
        assertEquals(new BigDecimal("0.01975"), cost.path("perTaskHourly").decimalValue());
        assertEquals(new BigDecimal("288.35"), cost.path("scalingMaxMonthly").decimalValue());
        assertEquals("USD", cost.path("currency").asText());
        assertFalse(cost.has("actualMonthly"), "nothing ran before the first deploy");
    }

    @Test
    void aPlanAfterAHandResizeReportsWhatTheResizeCosts() {
        push();
        TaskDefinition running = ecs.describeTaskDefinition(b -> b.taskDefinition("myapp-prod-api")).taskDefinition();
        String resized = ecs.registerTaskDefinition(b -> b.family(running.family())
                .cpu("16384").memory("32768")
                .runtimePlatform(running.runtimePlatform())
                .requiresCompatibilities(running.requiresCompatibilities())
                .networkMode(running.networkMode())
                .executionRoleArn(running.executionRoleArn())
                .containerDefinitions(running.containerDefinitions()))
                .taskDefinition().taskDefinitionArn();
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service("myapp-prod-api").taskDefinition(resized));

        JsonNode report = plan();
        JsonNode cost = report.path("cost");

        assertEquals("PLANNED", report.path("status").asText(), report.toString());
        assertEquals(new BigDecimal("28.84"), cost.path("desiredMonthly").decimalValue(), cost.toString());
        assertEquals(new BigDecimal("922.72"), cost.path("actualMonthly").decimalValue());
        assertEquals(new BigDecimal("893.88"), cost.path("monthlyDelta").decimalValue());
        assertEquals(16384, cost.path("actual").path("size").path("cpu").asInt());
        assertTrue(cost.path("notes").toString().contains("costs $893.88 a month more than the config"), cost.toString());
    }

    private JsonNode push() {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ecr-push.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("repository-name", baseline.repositoryName());
        detail.put("image-digest", baseline.imageDigest());
        detail.put("image-tag", "latest");
        JsonNode report = LambdaInvoker.invoke(event).path("services").get(0);
        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        return report;
    }

    private JsonNode plan() {
        ObjectNode command = (ObjectNode) LambdaInvoker.sample("command-plan.json");
        command.put("environment", "prod").put("service", "api").put("tag", baseline.imageTag());
        return LambdaInvoker.invoke(command).path("services").get(0);
    }
}
