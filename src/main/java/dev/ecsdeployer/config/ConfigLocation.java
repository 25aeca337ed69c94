package dev.ecsdeployer.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a service's config lives in SSM: {@code /<prefix>/<environment>/<service>}. The service
 * name {@value #DEFAULTS} is the environment's shared document, merged under every service's.
 */
public record ConfigLocation(String prefix, String environment, String service) {

    public static final String DEFAULT_PREFIX = "ecs-deployer";
    public static final String DEFAULTS = "_defaults";

    public ConfigLocation {
        prefix = trimSlashes(Objects.requireNonNull(prefix, "prefix"));
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(service, "service");
    }

    /**
     * The location a parameter name points to, or empty when the name is not under
     * {@code prefix} or is not exactly two levels below it.
     */
    public static Optional<ConfigLocation> fromParameterName(String prefix, String parameterName) {
        if (prefix == null || parameterName == null) {
            return Optional.empty();
        }
        String root = "/" + trimSlashes(prefix) + "/";
        if (!parameterName.startsWith(root)) {
            return Optional.empty();
        }
        String[] parts = parameterName.substring(root.length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ConfigLocation(prefix, parts[0], parts[1]));
    }

    /** {@code /<prefix>/<environment>/<service>}. */
    public String parameterName() {
        return "/" + prefix + "/" + environment + "/" + service;
    }

    /** {@code /<prefix>/<environment>/_defaults}. */
    public String defaultsParameterName() {
        return "/" + prefix + "/" + environment + "/" + DEFAULTS;
    }

    public boolean isDefaults() {
        return DEFAULTS.equals(service);
    }

    // A prefix may be written "ecs-deployer" or "/ecs-deployer/"; both mean the same path.
    private static String trimSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}
