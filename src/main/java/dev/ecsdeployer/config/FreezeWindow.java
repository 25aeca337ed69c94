package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A deploy-freeze window, usually in the environment's {@code _defaults}: on each of {@code days}
 * (MON..SUN, in {@code timeZone}) from {@code from} until {@code to} ({@code HH:MM}; default the whole
 * day; a {@code to} at or before {@code from} ends on the next day). Automatic deploys wait while one
 * is on; commands need {@code "force": true}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FreezeWindow(List<String> days, String from, String to, String timeZone) {

    static final String WHOLE_DAY_FROM = "00:00";
    static final String WHOLE_DAY_TO = "24:00";
    static final String DEFAULT_TIME_ZONE = "UTC";

    /** The window with its defaults filled in. */
    FreezeWindow resolved() {
        return new FreezeWindow(days == null ? List.of() : List.copyOf(days), from == null ? WHOLE_DAY_FROM : from,
                to == null ? WHOLE_DAY_TO : to, timeZone == null ? DEFAULT_TIME_ZONE : timeZone);
    }

    /** When the window that covers {@code now} ends, if one does (a window that began yesterday counts). */
    public Optional<Instant> coveringUntil(Instant now) {
        ZoneId zone = ZoneId.of(timeZone);
        LocalDate today = now.atZone(zone).toLocalDate();
        for (LocalDate day : List.of(today, today.minusDays(1))) {
            if (!days.contains(abbreviation(day.getDayOfWeek()))) {
                continue;
            }
            ZonedDateTime start = at(day, from, zone);
            ZonedDateTime end = at(day, to, zone);
            if (!end.isAfter(start)) {
                end = at(day.plusDays(1), to, zone);
            }
            if (!now.isBefore(start.toInstant()) && now.isBefore(end.toInstant())) {
                return Optional.of(end.toInstant());
            }
        }
        return Optional.empty();
    }

    /** Why automatic deploys wait now, naming the window and when it ends; null when no window is on. */
    public static String activeAt(List<FreezeWindow> windows, Instant now) {
        if (windows == null) {
            return null;
        }
        for (FreezeWindow w : windows) {
            Optional<Instant> until = w.coveringUntil(now);
            if (until.isPresent()) {
                return "deploy freeze (" + String.join(",", w.days()) + " " + w.from() + "-" + w.to() + " "
                        + w.timeZone() + ") until " + until.get();
            }
        }
        return null;
    }

    static String abbreviation(DayOfWeek day) {
        return day.name().substring(0, 3);
    }

    private static ZonedDateTime at(LocalDate day, String time, ZoneId zone) {
        if (WHOLE_DAY_TO.equals(time)) {
            return day.plusDays(1).atStartOfDay(zone);
        }
        return day.atTime(LocalTime.parse(time)).atZone(zone);
    }
}
