package dev.ecsdeployer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects validation errors; the helpers skip null values (a missing field is reported elsewhere). */
final class Problems {

    private final List<ConfigError> errors = new ArrayList<>();

    void add(String path, Object value, String message) {
        errors.add(new ConfigError(path, value == null ? null : JsonText.of(value), message));
    }

    void between(String path, Integer value, int min, int max, String unit) {
        if (value != null && (value < min || value > max)) {
            add(path, value, "must be between " + min + " and " + max + unit);
        }
    }

    void atLeast(String path, Integer value, int min) {
        if (value != null && value < min) {
            add(path, value, "must be " + min + " or more");
        }
    }

    void atMost(String path, Integer value, int max, String reason) {
        if (value != null && value > max) {
            add(path, value, "must be " + max + " or less" + reason);
        }
    }

    void positive(String path, Double value) {
        if (value != null && !(value > 0)) {
            add(path, value, "must be greater than 0");
        }
    }

    void notNegative(String path, Double value) {
        if (value != null && !(value >= 0)) {
            add(path, value, "must be 0 or more");
        }
    }

    void matches(String path, String value, Pattern pattern, String message) {
        if (value != null && !pattern.matcher(value).matches()) {
            add(path, value, message);
        }
    }

    int size() {
        return errors.size();
    }

    List<ConfigError> list() {
        return List.copyOf(errors);
    }
}
