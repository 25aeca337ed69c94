package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Rolling-update limits (the seed uses 200/100 for the API and 150/50 for realtime), and the ECS strategy with its
 * settings: {@code strategy} defaults to ROLLING; bake times, linear/canary settings and lifecycle hooks belong to
 * the traffic-shifting strategies ({@link StrategyValidator}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentSettings(
        Integer maximumPercent,
        Integer minimumHealthyPercent,
        CircuitBreakerConfig circuitBreaker,
        RolloutStrategy strategy,
        Integer bakeTimeInMinutes,
        LinearConfig linearConfiguration,
        CanaryConfig canaryConfiguration,
        List<LifecycleHookConfig> lifecycleHooks,
        CanaryAnalysisConfig analysis) {

    /** A rolling update (ECS's default strategy) with these limits. */
    public DeploymentSettings(Integer maximumPercent, Integer minimumHealthyPercent,
                              CircuitBreakerConfig circuitBreaker) {
        this(maximumPercent, minimumHealthyPercent, circuitBreaker, RolloutStrategy.ROLLING, null, null, null,
                List.of(), null);
    }
}
