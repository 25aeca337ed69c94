package dev.ecsdeployer.drift;

import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a drift check into shards that concurrent invocations run: one or more per environment,
 * each at most {@code shardSize} services, a service always in the same shard (by a stable hash
 * of its name). Pure.
 */
public final class DriftShards {

    private DriftShards() {
    }

    /** One shard: the services of {@code environment} whose name hashes to {@code index} of {@code count}. */
    @RegisterForReflection
    public record Shard(String environment, int index, int count) {

        public boolean includes(String service) {
            // String.hashCode is specified by the JLS, so every invocation agrees on the split.
            return Math.floorMod(service.hashCode(), count) == index;
        }

        public EnvironmentDocuments of(EnvironmentDocuments env) {
            Map<String, String> mine = new TreeMap<>();
            env.services().forEach((name, doc) -> {
                if (includes(name)) {
                    mine.put(name, doc);
                }
            });
            return new EnvironmentDocuments(env.prefix(), env.environment(), env.defaults(), mine);
        }
    }

    public static List<Shard> plan(List<EnvironmentDocuments> environments, int shardSize) {
        List<Shard> shards = new ArrayList<>();
        for (EnvironmentDocuments env : environments) {
            int count = Math.max(1, (env.services().size() + shardSize - 1) / shardSize);
            for (int i = 0; i < count; i++) {
                shards.add(new Shard(env.environment(), i, count));
            }
        }
        return shards;
    }
}
