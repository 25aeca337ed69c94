package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a scheduled drift check does with a difference: report it (default) or heal it. */
public enum DriftPolicy {
    REPORT,
    HEAL;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static DriftPolicy of(String value) {
        return value == null ? null : DriftPolicy.valueOf(value.toUpperCase());
    }
}
