package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Target tracking on a predefined metric; cooldowns default to the seed's 300 (in) and 60 (out). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetTrackingConfig(Double targetValue, Integer scaleInCooldown, Integer scaleOutCooldown) {
}
