package dev.ecsdeployer.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    /** The production settings (DeployerSettings' defaults): 10 s doubling, at most 5 minutes. */
    static final Backoff PRODUCTION = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(300));

    @Test
    void aFailedItemComesBackWithinAMinuteAndLaterRetriesWaitLongerButNeverPastTheCap() {
        for (int i = 0; i < 200; i++) {
            Duration first = PRODUCTION.after(1);
            assertTrue(first.compareTo(Duration.ofSeconds(5)) >= 0 && first.compareTo(Duration.ofSeconds(10)) <= 0,
                    "first retry after 5-10 s, was " + first);
            Duration fourth = PRODUCTION.after(4);
            assertTrue(fourth.compareTo(Duration.ofSeconds(40)) >= 0 && fourth.compareTo(Duration.ofSeconds(80)) <= 0,
                    "fourth retry after 40-80 s, was " + fourth);
            Duration late = PRODUCTION.after(40);
            assertTrue(late.compareTo(Duration.ofSeconds(150)) >= 0 && late.compareTo(Duration.ofSeconds(300)) <= 0,
                    "capped at 5 minutes, was " + late);
        }
    }

    @Test
    void aMaximumBelowTheBaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5)));
    }
}
