package dev.ecsdeployer.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/** Rules for deploy-freeze windows: times of day and an IANA time zone (the schema checks the days). */
final class FreezeValidator {

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]|24:00");

    private FreezeValidator() {
    }

    static void check(List<FreezeWindow> windows, Problems problems) {
        if (windows == null) {
            return;
        }
        for (int i = 0; i < windows.size(); i++) {
            FreezeWindow w = windows.get(i);
            String path = "deployFreeze[" + i + "]";
            problems.matches(path + ".from", w.from(), TIME, "must be a time of day HH:MM (00:00 to 23:59)");
            problems.matches(path + ".to", w.to(), TIME, "must be a time of day HH:MM (00:00 to 24:00)");
            if ("24:00".equals(w.from())) {
                problems.add(path + ".from", w.from(), "must be 00:00 to 23:59 (24:00 ends a day, it starts none)");
            }
            try {
                ZoneId.of(w.timeZone());
            } catch (DateTimeException e) {
                problems.add(path + ".timeZone", w.timeZone(),
                        "is not a time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC");
            }
        }
    }
}
