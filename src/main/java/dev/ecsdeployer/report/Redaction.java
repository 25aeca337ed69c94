package dev.ecsdeployer.report;

import dev.ecsdeployer.plan.Difference;

import java.util.regex.Pattern;

/**
 * Keeps credentials out of logs and events. Secrets are only ever referenced by ARN, but an
 * environment value can still hold a credential by mistake: values of variables whose names
 * say so, and values that look like AWS keys or long tokens, are masked.
 */
public final class Redaction {

    static final String MASK = "****";

    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL).*",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_VALUE =
            Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}|[A-Za-z0-9/+=]{40}|-----BEGIN [A-Z ]*PRIVATE KEY-----.*");

    private Redaction() {
    }

    public static Difference mask(Difference d) {
        int at = d.path().indexOf(".environment.");
        if (at < 0) {
            return d;
        }
        String name = d.path().substring(at + ".environment.".length());
        boolean byName = SECRET_NAME.matcher(name).matches();
        return new Difference(d.path(), maskValue(d.desired(), byName), maskValue(d.actual(), byName));
    }

    /** Masks one environment value of the named variable, where it may be a credential. */
    static String maskValue(String value, boolean secretName) {
        if (value == null || "(none)".equals(value)) {
            return value;
        }
        return secretName || SECRET_VALUE.matcher(value).matches() ? MASK : value;
    }
}
