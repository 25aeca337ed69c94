package dev.ecsdeployer.trigger;

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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A function that manages one environment checks it in this invocation, chunk by chunk as SSM pages
 * the configs: every service once, one summary, nothing handed out. Through the handler, against moto.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
@TestProfile(ChunkedDriftCheckTest.OneEnvironmentSmallChunks.class)
class ChunkedDriftCheckTest {

    /** As template.yaml deploys it (one environment), with chunks of one service so a page is a chunk. */
    public static class OneEnvironmentSmallChunks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ecs-deployer.environment", "prod", "ecs-deployer.drift-chunk-size", "1",
                    "ecs-deployer.drift-shard-size", "5");
        }
    }

    @Test
    void everyServiceOfAnEnvironmentLargerThanAPageIsCheckedOnceWithoutFanningOut() {
        MotoServer.start().reset();
        AwsClientFactory aws = AwsClientFactory.fromEnvironment();
        Baseline baseline = MotoBaseline.create(aws, "chunks");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String name = String.format("api-%02d", i);
            names.add(name);
            ObjectNode doc = ExampleConfigs.forBaseline("api-prod.json", baseline).put("name", name);
            ExampleConfigs.put(aws.ssm(), "prod", name, doc);
        }
        FaultInjector.reset();

        JsonNode response = LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json"));

        assertEquals("ok", response.path("status").asText(), response.toString());
        assertTrue(response.path("fanOut").isMissingNode(), "more services than a shard, still checked here");
        TreeSet<String> checked = new TreeSet<>();
        response.path("services").forEach(s -> checked.add(s.path("service").asText()));
        assertEquals(new TreeSet<>(names), checked, response.path("services").toString());
        assertEquals(23, response.path("services").size(), "each service once");
        assertEquals(23, response.path("summary").path("checked").asInt());
        // 23 documents, 10 a page: three pages, each checked as it came.
        assertEquals(3, FaultInjector.calls("SSM.GetParametersByPath"), FaultInjector.calls().toString());
    }
}
