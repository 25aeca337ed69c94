package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drift-check shard reads only its own services: the planner's event names them, and the shard reads
 * those configs by name (GetParameters, never the environment's pages), and their log groups and alarms
 * by name (not everything under the environment's prefixes), and still finds their drift.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
@TestProfile(DriftShardReadsTest.TwelvePerShard.class)
class DriftShardReadsTest {

    public static class TwelvePerShard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ecs-deployer.drift-shard-size", "12");
        }
    }

    static final String ENV = "sh";
    /** The two deployed services: their names hash to different shards of two (String.hashCode). */
    static final String WORKER = "worker";
    static final String REALTIME = "realtime";
    /**
     * Ten configs beside each service: five valid ones in each shard (not deployed: their log groups share only the
     * environment's prefix with the service's), five that fail validation (read and reported as rejected).
     */
    static final List<String> FILLERS = IntStream.range(0, 20).mapToObj(i -> String.format("filler-%02d", i)).toList();
    static final List<String> VALID_FILLERS = FILLERS.subList(0, 10);

    @Test
    void eachShardReadsOnlyItsOwnConfigsLogGroupsAndAlarmsAndFindsTheirDrift() {
        MotoServer.start().reset();
        AwsClientFactory aws = AwsClientFactory.fromEnvironment();
        ExampleConfigs.deleteAll(aws.ssm());
        PublishedEvents published = PublishedEvents.captureFromNow(aws);
        Baseline shared = MotoBaseline.create(aws, "shards");
        Map<String, Baseline> baselines = new TreeMap<>();
        for (String name : List.of(WORKER, REALTIME)) {
            Baseline b = MotoBaseline.alongside(aws, shared, ENV + "-" + name);
            baselines.put(name, b);
            ObjectNode config = ExampleConfigs.forBaseline("realtime-prod.json", b).put("environment", ENV)
                    .put("name", name);
            ExampleConfigs.put(aws.ssm(), ENV, name, config);
            // The second push updates the service, when moto stores what it drops on create (MOTO-GAPS.md).
            LambdaInvoker.invoke(LambdaInvoker.push(b.repositoryName(), b.imageDigest(), "latest", "2026-05-20T12:00:00Z"));
            LambdaInvoker.invoke(LambdaInvoker.push(b.repositoryName(), b.imageDigest(), "latest", "2026-05-20T12:01:00Z"));
        }
        for (String f : FILLERS) {
            // Half of them valid (services not deployed yet), half invalid.
            ExampleConfigs.put(aws.ssm(), ENV, f, VALID_FILLERS.contains(f)
                    ? ExampleConfigs.forBaseline("realtime-prod.json", baselines.get(WORKER)).put("environment", ENV)
                    .put("name", f) : JsonNodeFactory.instance.objectNode().put("name", f));
        }
        // Sixty more log groups under the environment's prefix (another tool's), beside the shards' own.
        for (int i = 0; i < 60; i++) {
            int n = i;
            aws.logs().createLogGroup(b -> b.logGroupName("/ecs/myapp-" + ENV + "/other-" + n));
        }
        // By hand: the worker's log retention changed, the realtime service's step-scaling alarm deleted.
        String workerLogGroup = "/ecs/myapp-" + ENV + "/" + WORKER;
        aws.logs().putRetentionPolicy(b -> b.logGroupName(workerLogGroup).retentionInDays(7));
        String realtimeAlarm = "ecs-deployer/" + baselines.get(REALTIME).clusterName() + "/myapp-" + ENV + "-"
                + REALTIME + "/step-scaling";
        aws.cloudWatch().deleteAlarms(b -> b.alarmNames(realtimeAlarm));

        JsonNode dispatched = LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json"));

        assertEquals(2, dispatched.path("fanOut").size(), dispatched.toString());
        List<JsonNode> shards = published.ofType("Drift Check Requested");
        assertEquals(2, shards.size());
        TreeSet<String> named = new TreeSet<>();
        Map<String, JsonNode> shardOf = new TreeMap<>();
        for (JsonNode shard : shards) {
            shard.path("detail").path("services").forEach(s -> {
                assertTrue(named.add(s.asText()), s.asText() + " is in two shards");
                shardOf.put(s.asText(), shard);
            });
        }
        List<String> all = new ArrayList<>(FILLERS);
        all.addAll(List.of(WORKER, REALTIME));
        assertEquals(new TreeSet<>(all), named, "every config named by exactly one shard");
        assertFalse(shardOf.get(WORKER) == shardOf.get(REALTIME), "the test's names put them in different shards");

        // Deleted between the plan and its shard: skipped, not an error.
        String deleted = FILLERS.stream().filter(f -> shardOf.get(f) == shardOf.get(REALTIME)).findFirst().orElseThrow();
        assertTrue(shardOf.get(deleted) == shardOf.get(REALTIME), deleted + " is in the realtime service's shard");
        aws.ssm().deleteParameter(b -> b.name("/" + ExampleConfigs.PREFIX + "/" + ENV + "/" + deleted));

        for (JsonNode shard : shards) {
            List<String> mine = new ArrayList<>();
            shard.path("detail").path("services").forEach(s -> mine.add(s.asText()));
            FaultInjector.reset();

            JsonNode response = LambdaInvoker.invoke(shard);

            assertEquals("ok", response.path("status").asText(), response.toString());
            Map<String, JsonNode> reports = new TreeMap<>();
            response.path("services").forEach(s -> reports.put(s.path("service").asText(), s));
            TreeSet<String> expected = new TreeSet<>(mine);
            expected.remove(deleted);
            assertEquals(expected, reports.keySet(), "its own services only, the deleted one skipped");
            // Its configs by name: _defaults and its names, 10 a call; never the environment's pages.
            assertEquals(0, FaultInjector.calls("SSM.GetParametersByPath"), FaultInjector.calls().toString());
            assertEquals((mine.size() + 1 + 9) / 10, FaultInjector.calls("SSM.GetParameters"),
                    FaultInjector.calls().toString());
            // Its valid configs' log groups and alarms by name: one call each. By prefix, the log groups would be
            // all 70 under /ecs/myapp-sh/: two pages. (moto answers DescribeAlarms in one page either way.)
            assertEquals(1, FaultInjector.calls("CloudWatchLogs.DescribeLogGroups"), FaultInjector.calls().toString());
            assertEquals(1, FaultInjector.calls("CloudWatch.DescribeAlarms"), FaultInjector.calls().toString());
            FILLERS.stream().filter(f -> !VALID_FILLERS.contains(f)).filter(reports::containsKey).forEach(f ->
                    assertEquals("REJECTED", reports.get(f).path("status").asText(), reports.get(f).toString()));
            if (mine.contains(WORKER)) {
                JsonNode worker = reports.get(WORKER);
                assertEquals("DRIFTED", worker.path("status").asText(), worker.toString());
                assertEquals(List.of("logGroup.retentionDays"), paths(worker), worker.toString());
            } else {
                JsonNode realtime = reports.get(REALTIME);
                assertEquals("DRIFTED", realtime.path("status").asText(), realtime.toString());
                assertEquals(List.of("alarms." + realtimeAlarm), paths(realtime), realtime.toString());
            }
        }
    }

    static List<String> paths(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("differences").forEach(d -> out.add(d.path("path").asText()));
        return out.stream().sorted().toList();
    }
}
