package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Container health check; ECS's defaults are interval 30, timeout 5, retries 3, no start period. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheckConfig(
        List<String> command,
        Integer interval,
        Integer timeout,
        Integer retries,
        Integer startPeriod) {
}
