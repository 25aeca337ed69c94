package dev.ecsdeployer.drift;

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

    public DriftFanOut(EventPublisher events) {
        this.events = events;
    }

    /**
     * @param scheduledAt the scheduled time of the check being handed out (every shard reads the scaling
     *                    policies that check's turn calls for), or null: every shard reads every policy
     */
    public void request(List<Shard> shards, java.time.Instant scheduledAt) {
        for (Shard shard : shards) {
            // Names its services, so the shard reads only their configs (DriftShards.plan keeps it under the limit).
            var detail = shard.detail();
            if (scheduledAt != null) {
                detail.put("scheduledAt", scheduledAt.toString());
            }
            if (!events.publish(DetailTypes.DRIFT_CHECK_REQUESTED, detail)) {
                // Fail the invocation: Lambda retries it, and a shard checked twice only reports twice.
                throw new IllegalStateException("could not hand drift-check shard " + shard.index() + " of "
                        + shard.count() + " (" + shard.environment() + ") to EventBridge");
            }
        }
    }
}
