package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Deployment circuit breaker; the deployer rolls out only with both on. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CircuitBreakerConfig(Boolean enable, Boolean rollback) {
}
