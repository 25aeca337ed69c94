package dev.ecsdeployer.aws;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client-side token buckets: pacing, a shard's share, and concurrency sized from the rate. */
class RateLimiterTest {

    static long millisFor(RateLimiter bucket, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            bucket.acquire();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void pastTheBurstCallsWaitForTheRate() {
        RateLimiter bucket = new RateLimiter("test", 2, 20);

        // 2 from the burst, then 4 more at 20/s: at least 200 ms.
        assertTrue(millisFor(bucket, 6) >= 190);
        assertTrue(bucket.waitedNanos() > 0);
    }

    @Test
    void aShardOfTenTakesATenthOfTheBurstAndTheRate() {
        RateLimiter bucket = new RateLimiter("test", 10, 100);

        // Alone: 10 from the burst. One of ten shards: 1 token of burst, then 10/s: 3 calls take >= 200 ms.
        long shared = RateLimiter.sharedAmong(10, () -> millisFor(bucket, 3));

        assertTrue(shared >= 190, "one of ten shards paces at a tenth: " + shared + " ms");
        // Calls in flight where there is no bucket: a quarter each for four shards, never none.
        assertEquals(2, RateLimiter.sharedAmong(4, () -> RateLimiter.shareOf(8)));
        assertEquals(1, RateLimiter.sharedAmong(10, () -> RateLimiter.shareOf(8)));
        assertEquals(8, RateLimiter.shareOf(8));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sharedAmong(0, () -> 0));
    }

    @Test
    void concurrencyIsTheRateTimesTheSizingLatency() {
        // 15/s x 250 ms: 3.75, so 4 calls in flight use the rate; a slower bucket still gets one.
        assertEquals(4, new RateLimiter("ecs", 75, 15).concurrency());
        assertEquals(1, new RateLimiter("slow", 1, 1).concurrency());
        assertEquals(8, new RateLimiter("ssm", 30, 30).concurrency());
    }
}
