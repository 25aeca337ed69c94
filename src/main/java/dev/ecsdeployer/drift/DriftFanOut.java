package dev.ecsdeployer.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.report.DetailTypes;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.drift.DriftShards.Shard;

import java.util.List;

/**
 * Hands drift-check shards to concurrent invocations through EventBridge: one
 * {@code Drift Check Requested} event per shard, which the template's rule routes back to the
 * function. Each shard reports its own EMF metrics, which CloudWatch sums per environment.
 */
public final class DriftFanOut {

    private final EventPublisher events;
    private final ObjectMapper mapper;

    public DriftFanOut(EventPublisher events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    public void request(List<Shard> shards) {
        for (Shard shard : shards) {
            ObjectNode detail = mapper.createObjectNode();
            detail.put("environment", shard.environment());
            detail.put("shard", shard.index());
            detail.put("shards", shard.count());
            if (!events.publish(DetailTypes.DRIFT_CHECK_REQUESTED, detail)) {
                // Fail the invocation: Lambda retries it, and a shard checked twice only reports twice.
                throw new IllegalStateException("could not hand drift-check shard " + shard + " to EventBridge");
            }
        }
    }
}
