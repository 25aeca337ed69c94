package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** ECS's {@code linearConfiguration}: the share of production traffic moved per step, and the wait after each. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinearConfig(Double stepPercent, Integer stepBakeTimeInMinutes) {

    /** ECS's defaults, filled in so that what ECS stores compares equal to the config. */
    static final double DEFAULT_STEP_PERCENT = 10.0;
    static final int DEFAULT_STEP_BAKE_MINUTES = 6;
}
