package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A drift check larger than one invocation fans out through EventBridge, one shard per invocation. */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
@TestProfile(DriftFanOutTest.OneServicePerShard.class)
class DriftFanOutTest {

    public static class OneServicePerShard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ecs-deployer.drift-shard-size", "1");
        }
    }

    @Test
    void eachShardIsHandedToItsOwnInvocationAndTogetherTheyCheckEveryServiceOnce() {
        MotoServer.start().reset();
        AwsClientFactory aws = AwsClientFactory.fromEnvironment();
        PublishedEvents published = PublishedEvents.capture(aws);
        for (String name : List.of("api", "realtime")) {
            ExampleConfigs.put(aws.ssm(), "prod", name,
                    ExampleConfigs.forBaseline(name + "-prod.json", MotoBaseline.create(aws, name)));
        }

        JsonNode dispatched = LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json"));

        assertEquals(2, dispatched.path("fanOut").size(), dispatched.toString());
        assertEquals(0, dispatched.path("services").size(), "the dispatcher checks nothing itself");
        List<JsonNode> shards = published.ofType("Drift Check Requested");
        assertEquals(2, shards.size());
        TreeSet<String> checked = new TreeSet<>();
        int total = 0;
        for (JsonNode shard : shards) {
            JsonNode response = LambdaInvoker.invoke(shard);
            assertEquals("ok", response.path("status").asText(), response.toString());
            response.path("services").forEach(s -> checked.add(s.path("service").asText()));
            total += response.path("summary").path("checked").asInt();
        }
        assertEquals(new TreeSet<>(List.of("api", "realtime")), checked);
        assertEquals(2, total, "every service checked exactly once");

        // A shard event from before shards named their services: the shard reads the whole environment
        // and keeps the services that hash to it, the same ones.
        for (JsonNode shard : shards) {
            List<String> named = new java.util.ArrayList<>();
            shard.path("detail").path("services").forEach(s -> named.add(s.asText()));
            ((com.fasterxml.jackson.databind.node.ObjectNode) shard.path("detail")).remove("services");
            FaultInjector.reset();

            JsonNode response = LambdaInvoker.invoke(shard);

            assertEquals("ok", response.path("status").asText(), response.toString());
            List<String> older = new java.util.ArrayList<>();
            response.path("services").forEach(s -> older.add(s.path("service").asText()));
            assertEquals(named, older);
            assertTrue(FaultInjector.calls("SSM.GetParametersByPath") > 0, FaultInjector.calls().toString());
        }
    }
}
