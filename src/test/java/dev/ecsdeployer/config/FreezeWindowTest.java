package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a deploy-freeze window is on, in its own time zone, across midnight and daylight saving. */
class FreezeWindowTest {

    /** Friday evening into Saturday morning, Berlin time. */
    static final FreezeWindow FRIDAY_NIGHT = new FreezeWindow(List.of("FRI"), "17:00", "09:00", "Europe/Berlin");

    @Test
    void aWindowThatCrossesMidnightIsOnUntilItsEndTheNextDay() {
        // 2026-12-04 is a Friday; Berlin is UTC+1 in December.
        assertEquals(Optional.of(Instant.parse("2026-12-05T08:00:00Z")),
                FRIDAY_NIGHT.coveringUntil(Instant.parse("2026-12-04T17:30:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-12-05T08:00:00Z")),
                FRIDAY_NIGHT.coveringUntil(Instant.parse("2026-12-05T07:59:00Z")), "Saturday 08:59 in Berlin");
        assertEquals(Optional.empty(), FRIDAY_NIGHT.coveringUntil(Instant.parse("2026-12-05T08:00:00Z")));
        assertEquals(Optional.empty(), FRIDAY_NIGHT.coveringUntil(Instant.parse("2026-12-04T15:59:00Z")),
                "Friday 16:59 in Berlin");
    }

    @Test
    void theTimeZoneDecidesTheDayAndTheHourIncludingSummerTime() {
        // 2026-07-03 is a Friday; Berlin is UTC+2 in July: 17:00 there is 15:00 UTC.
        assertTrue(FRIDAY_NIGHT.coveringUntil(Instant.parse("2026-07-03T15:00:00Z")).isPresent());
        assertTrue(FRIDAY_NIGHT.coveringUntil(Instant.parse("2026-07-03T14:59:00Z")).isEmpty());
        FreezeWindow weekend = new FreezeWindow(List.of("SAT", "SUN"), "00:00", "24:00", "America/New_York");
        // Saturday 02:00 UTC is still Friday evening in New York.
        assertTrue(weekend.coveringUntil(Instant.parse("2026-12-05T02:00:00Z")).isEmpty());
        assertEquals(Optional.of(Instant.parse("2026-12-06T05:00:00Z")),
                weekend.coveringUntil(Instant.parse("2026-12-05T12:00:00Z")));
    }

    @Test
    void theReasonNamesTheWindowAndItsEnd() {
        String why = FreezeWindow.activeAt(List.of(FRIDAY_NIGHT), Instant.parse("2026-12-04T20:00:00Z"));
        assertEquals("deploy freeze (FRI 17:00-09:00 Europe/Berlin) until 2026-12-05T08:00:00Z", why);
        assertNull(FreezeWindow.activeAt(List.of(FRIDAY_NIGHT), Instant.parse("2026-12-03T20:00:00Z")));
        assertNull(FreezeWindow.activeAt(null, Instant.parse("2026-12-04T20:00:00Z")));
    }
}
