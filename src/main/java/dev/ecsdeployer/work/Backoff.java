package dev.ecsdeployer.work;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed item waits before its next attempt: doubling from {@code base} per attempt, capped
 * at {@code max}, with jitter (half the wait fixed, half random) so that the items a throttling blip
 * failed together do not come back together. Seconds to minutes, never the queue's 30-minute
 * visibility timeout.
 */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= max; got base " + base + ", max " + max);
        }
    }

    /** The wait after the given attempt (1 = the first) failed. */
    public Duration after(int attempt) {
        long baseMillis = base.toMillis();
        long capped = Math.min(max.toMillis(), baseMillis << Math.min(20, Math.max(0, attempt - 1)));
        long half = capped / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
