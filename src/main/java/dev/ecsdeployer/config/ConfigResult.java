package dev.ecsdeployer.config;

import java.util.List;

/**
 * The outcome of parsing one service's config: the fully resolved config (every defaulted field
 * filled), or every problem found. {@code config} is null exactly when {@code errors} is not empty.
 */
public record ConfigResult(ConfigLocation location, ServiceConfig config, List<ConfigError> errors) {

    public ConfigResult {
        errors = List.copyOf(errors);
        if (errors.isEmpty() == (config == null)) {
            throw new IllegalArgumentException("a result holds either a config or errors");
        }
    }

    static ConfigResult valid(ConfigLocation location, ServiceConfig config) {
        return new ConfigResult(location, config, List.of());
    }

    static ConfigResult invalid(ConfigLocation location, List<ConfigError> errors) {
        return new ConfigResult(location, null, errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** One line per error, for logs and CLI output. */
    public String describeErrors() {
        StringBuilder text = new StringBuilder();
        for (ConfigError error : errors) {
            text.append(error.describe()).append('\n');
        }
        return text.toString();
    }
}
