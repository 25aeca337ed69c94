package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Rolling-update limits; the seed uses 200/100 (API) and 150/50 (realtime). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentSettings(
        Integer maximumPercent,
        Integer minimumHealthyPercent,
        CircuitBreakerConfig circuitBreaker) {
}
