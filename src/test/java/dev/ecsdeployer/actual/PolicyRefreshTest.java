package dev.ecsdeployer.actual;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyRefreshTest {

    static final Duration DAY = Duration.ofHours(24);

    @Test
    void hourlyChecksReadEveryServicesPoliciesOnceADay() {
        Map<String, Integer> reads = new HashMap<>();
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        for (int hour = 0; hour < 24; hour++) {
            PolicyRefresh refresh = PolicyRefresh.scheduled(start.plus(Duration.ofHours(hour)), "rate(1 hour)", DAY);
            IntStream.range(0, 1000).mapToObj(i -> "service/prod/svc-" + i)
                    .filter(refresh::due).forEach(id -> reads.merge(id, 1, Integer::sum));
        }
        assertEquals(1000, reads.size(), "every service read within the day");
        assertTrue(reads.values().stream().allMatch(n -> n == 1), "and only once: " + reads);
    }

    @Test
    void eachCheckReadsAboutItsShare() {
        PolicyRefresh refresh = PolicyRefresh.scheduled(Instant.parse("2026-12-07T13:00:00Z"), "rate(1 hour)", DAY);
        long due = IntStream.range(0, 1000).mapToObj(i -> "service/prod/svc-" + i).filter(refresh::due).count();
        // 1,000 / 24 = 42 on average; a hash spreads them, not exactly.
        assertTrue(due > 20 && due < 70, "due: " + due);
    }

    @Test
    void aScheduleWithoutAFixedRateReadsEverything() {
        Instant at = Instant.parse("2026-12-07T13:00:00Z");
        assertTrue(PolicyRefresh.scheduled(at, "cron(0 * * * ? *)", DAY).readsAll());
        assertTrue(PolicyRefresh.scheduled(at, null, DAY).readsAll());
        assertTrue(PolicyRefresh.scheduled(at, "rate(1 day)", DAY).readsAll(), "a period as long as the cycle");
        assertTrue(PolicyRefresh.scheduled(null, "rate(1 hour)", DAY).readsAll(), "no scheduled time");
        assertFalse(PolicyRefresh.scheduled(at, "rate(15 minutes)", DAY).readsAll());
    }

    @Test
    void ratesAreReadAsEventBridgeWritesThem() {
        assertEquals(Duration.ofMinutes(1), PolicyRefresh.rate("rate(1 minute)"));
        assertEquals(Duration.ofMinutes(15), PolicyRefresh.rate("rate(15 minutes)"));
        assertEquals(Duration.ofHours(2), PolicyRefresh.rate("rate(2 hours)"));
        assertEquals(Duration.ofDays(1), PolicyRefresh.rate("rate(1 day)"));
        assertNull(PolicyRefresh.rate("rate(0 hours)"));
        assertNull(PolicyRefresh.rate("rate(1 fortnight)"));
    }
}
