package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** ECS's {@code canaryConfiguration}: the share of production traffic the canary gets, and how long it bakes. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryConfig(Double canaryPercent, Integer canaryBakeTimeInMinutes) {

    /** ECS's defaults, filled in so that what ECS stores compares equal to the config. */
    static final double DEFAULT_CANARY_PERCENT = 5.0;
    static final int DEFAULT_CANARY_BAKE_MINUTES = 10;
}
