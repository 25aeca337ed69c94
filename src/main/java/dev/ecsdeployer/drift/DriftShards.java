package dev.ecsdeployer.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.report.DetailTypes;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.trigger.TriggerParser;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits a drift check into shards that concurrent invocations run: one or more per environment,
 * each at most {@code shardSize} services, a service always in the same shard (by a stable hash
 * of its name). Each shard names its services (config document names), so its invocation reads
 * only those documents instead of the whole environment. Pure.
 */
public final class DriftShards {

    /**
     * The most a shard's event may weigh, as EventBridge counts a PutEvents entry (source, detail-type and
     * detail in UTF-8; "Calculating PutEvents event entry size"): under the entry limit of 256 KB, less
     * 2 KB for the envelope EventBridge wraps it in (id, time, account, region, resources), since the
     * delivered event must also fit the function's own limit ({@link TriggerParser#MAX_EVENT_BYTES}).
     */
    public static final int MAX_ENTRY_BYTES = TriggerParser.MAX_EVENT_BYTES - 2 * 1024;

    private DriftShards() {
    }

    /**
     * One shard: the services of {@code environment} whose name hashes to {@code index} of {@code count};
     * {@code services} names them, or is null for a shard event from before shards named their services
     * (its invocation reads the whole environment and keeps the ones that hash to it).
     */
    @RegisterForReflection
    public record Shard(String environment, int index, int count, List<String> services) {

        public Shard {
            services = services == null ? null : List.copyOf(services);
        }

        /** A shard that names no services: its invocation finds them by the hash. */
        public Shard(String environment, int index, int count) {
            this(environment, index, count, null);
        }

        public boolean includes(String service) {
            // String.hashCode is specified by the JLS, so every invocation agrees on the split.
            return Math.floorMod(service.hashCode(), count) == index;
        }

        /** Whether the shard covers only part of its environment (then its reads go by name, not by prefix). */
        public boolean partial() {
            return count > 1;
        }

        /** The environment's documents this shard checks: the ones it names, else the ones that hash to it. */
        public EnvironmentDocuments of(EnvironmentDocuments env) {
            Set<String> named = services == null ? null : Set.copyOf(services);
            Map<String, String> mine = new TreeMap<>();
            env.services().forEach((name, doc) -> {
                if (named == null ? includes(name) : named.contains(name)) {
                    mine.put(name, doc);
                }
            });
            return new EnvironmentDocuments(env.prefix(), env.environment(), env.defaults(), mine);
        }

        /** The detail of its {@code Drift Check Requested} event. */
        public ObjectNode detail() {
            ObjectNode detail = JsonNodeFactory.instance.objectNode();
            detail.put("environment", environment);
            detail.put("shard", index);
            detail.put("shards", count);
            if (services != null) {
                ArrayNode names = detail.putArray("services");
                services.forEach(names::add);
            }
            return detail;
        }

        /** Its event's size as EventBridge counts a PutEvents entry (no time, no resources). */
        public int entryBytes() {
            return bytes(EventPublisher.SOURCE) + bytes(DetailTypes.DRIFT_CHECK_REQUESTED)
                    + bytes(detail().toString());
        }

        private static int bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /**
     * The shards of a check of {@code environments}: per environment, as many as {@code shardSize} asks for,
     * or more when a shard's event would not fit in {@link #MAX_ENTRY_BYTES} (long names: a shard of 3,000
     * services of 60 characters is about 190 KB, of 100 characters over the limit). A shard the hash leaves
     * empty is not handed out.
     */
    public static List<Shard> plan(List<EnvironmentDocuments> environments, int shardSize) {
        if (shardSize < 1) {
            throw new IllegalArgumentException("a drift-check shard holds at least one service, was " + shardSize);
        }
        List<Shard> shards = new ArrayList<>();
        for (EnvironmentDocuments env : environments) {
            List<String> names = List.copyOf(new TreeSet<>(env.services().keySet()));
            int count = Math.max(1, (names.size() + shardSize - 1) / shardSize);
            List<Shard> split = split(env.environment(), names, count);
            while (split.stream().anyMatch(s -> s.entryBytes() > MAX_ENTRY_BYTES)) {
                if (count >= names.size()) {
                    // Cannot happen: one name is an SSM path segment, at most 2,048 characters.
                    throw new IllegalStateException("a drift-check shard of one service does not fit in an event");
                }
                split = split(env.environment(), names, ++count);
            }
            shards.addAll(split);
        }
        return shards;
    }

    private static List<Shard> split(String environment, List<String> names, int count) {
        List<List<String>> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(new ArrayList<>());
        }
        names.forEach(n -> parts.get(Math.floorMod(n.hashCode(), count)).add(n));
        List<Shard> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // A single shard is the whole environment: checked in place, nothing to name.
            if (count == 1) {
                out.add(new Shard(environment, 0, 1, parts.get(0)));
            } else if (!parts.get(i).isEmpty()) {
                out.add(new Shard(environment, i, count, parts.get(i)));
            }
        }
        return out;
    }
}
