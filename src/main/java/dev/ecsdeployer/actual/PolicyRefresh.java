package dev.ecsdeployer.actual;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which services' scaling policies a drift check reads even when nothing says they changed.
 * DescribeScalingPolicies returns at most 10 policies a call, so reading every policy in every
 * check costs more calls than the rest of the check together (0.4 a service with four policies).
 * A scheduled check therefore reads the policies of a service when its records say they can have
 * changed (see {@link FleetReader}) and, beside those, of the services whose turn it is: each service
 * has a fixed phase in a cycle of {@code every}, and a check at {@code at} reads those whose phase
 * falls in the {@code period} before it. Checks {@code period} apart tile the cycle, so every
 * service's policies are read once each {@code every}. Pure.
 *
 * @param at     the scheduled time of the check (the schedule's, not the invocation's: retries and
 *               shards of one check agree on it)
 * @param period the schedule's rate; null reads every policy in every check
 * @param every  the longest a service's policies go unread
 */
public record PolicyRefresh(Instant at, Duration period, Duration every) {

    /** Every policy of every service, every check: operator-run checks and schedules without a fixed rate. */
    public static final PolicyRefresh ALL = new PolicyRefresh(null, null, null);

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");

    /**
     * The refresh of a check scheduled at {@code at} by {@code schedule} (an EventBridge expression).
     * Only {@code rate(...)} gives a fixed period; a {@code cron(...)} schedule, or none, reads every
     * policy in every check.
     */
    public static PolicyRefresh scheduled(Instant at, String schedule, Duration every) {
        Duration period = rate(schedule);
        if (at == null || period == null || every == null || period.compareTo(every) >= 0) {
            return ALL;
        }
        return new PolicyRefresh(at, period, every);
    }

    /** The period of {@code rate(N unit)}, or null for anything else. */
    static Duration rate(String schedule) {
        if (schedule == null) {
            return null;
        }
        Matcher m = RATE.matcher(schedule.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        if (n <= 0) {
            return null;
        }
        return switch (m.group(2).charAt(0)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Whether every policy is read in this check. */
    public boolean readsAll() {
        return period == null;
    }

    /** Whether this check reads the policies of {@code resourceId} whatever its records say. */
    public boolean due(String resourceId) {
        if (readsAll()) {
            return true;
        }
        long cycle = every.toSeconds();
        long phase = Math.floorMod(spread(resourceId), cycle);
        long windowStart = at.getEpochSecond() - period.toSeconds();
        return Math.floorMod(phase - windowStart, cycle) < period.toSeconds();
    }

    /** For logs: how this check chooses. */
    public String describe() {
        return readsAll() ? "every service's policies"
                : "policies where records differ, and each service's at least every " + every.toHours() + " h";
    }

    /** A stable hash of the id, spread over the long range (String.hashCode is the same in every JVM). */
    private static long spread(String resourceId) {
        return (resourceId.hashCode() & 0xffffffffL) * 0x9E3779B97F4A7C15L >>> 16;
    }
}
