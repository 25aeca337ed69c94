package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One step: bounds are relative to the alarm threshold; a missing upper bound means infinity. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepConfig(Double lowerBound, Double upperBound, Integer adjustment) {
}
