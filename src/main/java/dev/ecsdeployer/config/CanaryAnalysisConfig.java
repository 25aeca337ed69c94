package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code service.deployment.analysis}: how the deployer, as the deployment's lifecycle hook, judges the new revision
 * from its target group's load balancer metrics over the last {@code windowMinutes}: the 5xx share of its requests
 * at most {@code max5xxPercent} and, with {@code max5xxPercentOverBaseline}, at most that many points above the
 * old revision's share over the same window (so a canary is judged against what the old revision serves now);
 * optionally a response-time statistic (e.g. {@code p99}) at most
 * {@code maxLatencySeconds}, and at least {@code minHealthyHosts} healthy targets. Fewer than {@code minRequests}
 * requests in the window is no data yet: ECS is asked to call again. The service's {@code deploymentAlarms} in ALARM
 * fail it in any case.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryAnalysisConfig(
        Double max5xxPercent,
        Integer windowMinutes,
        Integer minRequests,
        String latencyStatistic,
        Double maxLatencySeconds,
        Integer minHealthyHosts,
        Double max5xxPercentOverBaseline) {

    static final int DEFAULT_WINDOW_MINUTES = 5;
    static final int DEFAULT_MIN_REQUESTS = 1;

    CanaryAnalysisConfig resolved() {
        return new CanaryAnalysisConfig(max5xxPercent, windowMinutes == null ? DEFAULT_WINDOW_MINUTES : windowMinutes,
                minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests, latencyStatistic, maxLatencySeconds,
                minHealthyHosts, max5xxPercentOverBaseline);
    }
}
