package dev.ecsdeployer.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.drift.DriftShards.Shard;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a drift check is split into shard events: each names its configs, and each fits in an EventBridge entry. */
class DriftShardsTest {

    static EnvironmentDocuments environment(List<String> names) {
        Map<String, String> docs = new TreeMap<>();
        names.forEach(n -> docs.put(n, "{}"));
        return new EnvironmentDocuments("ecs-deployer", "prod", "{}", docs);
    }

    static List<String> names(int count, int length) {
        return IntStream.range(0, count).mapToObj(i -> {
            String n = "svc-" + i + "-";
            return n + "x".repeat(Math.max(0, length - n.length()));
        }).toList();
    }

    /** Every service in exactly one shard, and in the one its name hashes to (what an older shard event relies on). */
    static void assertEachServiceOnceInItsHashedShard(List<String> all, List<Shard> shards) {
        List<String> named = new ArrayList<>();
        for (Shard s : shards) {
            s.services().forEach(n -> assertTrue(s.includes(n), n + " is not in shard " + s.index()));
            named.addAll(s.services());
        }
        assertEquals(all.size(), named.size(), "no service in two shards");
        assertEquals(new TreeSet<>(all), new TreeSet<>(named));
    }

    @Test
    void eachShardNamesItsServices() {
        List<String> all = names(70, 10);

        List<Shard> shards = DriftShards.plan(List.of(environment(all)), 30);

        assertEquals(3, shards.get(0).count(), "70 services at 30 a shard");
        assertEachServiceOnceInItsHashedShard(all, shards);
        assertTrue(shards.stream().allMatch(Shard::partial));
    }

    @Test
    void anEnvironmentThatFitsInOneShardIsOneWholeShard() {
        List<Shard> shards = DriftShards.plan(List.of(environment(List.of("api", "realtime"))), 3000);

        assertEquals(List.of(new Shard("prod", 0, 1, List.of("api", "realtime"))), shards);
        assertEquals(false, shards.get(0).partial(), "its log groups and alarms are read by prefix");
        assertEquals(List.of(new Shard("prod", 0, 1, List.of())), DriftShards.plan(List.of(environment(List.of())), 3000));
    }

    @Test
    void theEntrySizeIsWhatEventBridgeCountsForTheEventThePublisherSends() throws Exception {
        Shard shard = new Shard("prod", 1, 4, List.of("api", "realtime", "ünïcode"));
        // EventPublisher writes the detail with Jackson; EventBridge counts source, detail-type and detail in UTF-8.
        String detail = new ObjectMapper().writeValueAsString(shard.detail());

        assertEquals("{\"environment\":\"prod\",\"shard\":1,\"shards\":4,\"services\":[\"api\",\"realtime\",\"ünïcode\"]}",
                detail);
        assertEquals("ecs-deployer".length() + "Drift Check Requested".length()
                + detail.getBytes(StandardCharsets.UTF_8).length, shard.entryBytes());
    }

    @Test
    void shardsWhoseNamesWouldNotFitInOneEventAreMadeSmaller() {
        // 3,000 names of 100 characters are over 300 KB: one shard's event would exceed EventBridge's 256 KB.
        List<String> all = names(3000, 100);
        assertTrue(new Shard("prod", 0, 1, all).entryBytes() > 256 * 1024);

        List<Shard> shards = DriftShards.plan(List.of(environment(all)), 3000);

        assertTrue(shards.get(0).count() >= 2, "more shards than the size asks for: " + shards.get(0).count());
        assertTrue(shards.stream().allMatch(s -> s.entryBytes() <= DriftShards.MAX_ENTRY_BYTES),
                shards.stream().map(Shard::entryBytes).toList().toString());
        assertEachServiceOnceInItsHashedShard(all, shards);
    }

    @Test
    void shardsOfShortNamesKeepTheSizeAsked() {
        List<Shard> shards = DriftShards.plan(List.of(environment(names(10_000, 30))), 3000);

        assertEquals(4, shards.get(0).count());
        assertTrue(shards.stream().allMatch(s -> s.entryBytes() <= DriftShards.MAX_ENTRY_BYTES));
    }

    @Test
    void anOlderShardWithoutNamesKeepsTheServicesThatHashToIt() {
        EnvironmentDocuments env = environment(names(20, 8));
        Shard older = new Shard("prod", 1, 3);

        assertTrue(older.of(env).services().keySet().stream().allMatch(older::includes));
        assertEquals(List.of("svc-1-xx"), List.copyOf(new Shard("prod", 0, 3, List.of("svc-1-xx", "gone"))
                .of(env).services().keySet()), "a named shard keeps what it names and the environment still has");
    }
}
