package dev.ecsdeployer.outcome;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ecsdeployer.config.CanaryAnalysisConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The judgement of a new revision from the figures read for it, pure. {@code hookStatus} is what ECS expects back:
 * SUCCEEDED (go on), FAILED (roll back) or IN_PROGRESS (no data yet: call again).
 */
@RegisterForReflection
public record CanaryVerdict(String hookStatus, String reason) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String IN_PROGRESS = "IN_PROGRESS";

    /** What one target group served over the window; null figures were not published (no data). */
    @RegisterForReflection
    public record Figures(String targetGroup, double requests, double errors5xx, Double latency, Double healthyHosts) {

        @JsonProperty("errorPercent")
        public Double errorPercent() {
            return requests > 0 ? 100.0 * errors5xx / requests : null;
        }
    }

    /**
     * The new revision's figures against the config's thresholds and, with {@code max5xxPercentOverBaseline},
     * against the old revision's over the same window (when it served at least {@code minRequests}: a baseline
     * of a handful of requests says nothing).
     */
    public static CanaryVerdict judge(CanaryAnalysisConfig analysis, Figures fresh, Figures old) {
        if (fresh.requests() < analysis.minRequests()) {
            return new CanaryVerdict(IN_PROGRESS, "no data yet: " + (long) fresh.requests() + " requests to "
                    + fresh.targetGroup() + " in the last " + analysis.windowMinutes() + " minutes, fewer than "
                    + analysis.minRequests());
        }
        double percent = fresh.errorPercent();
        if (percent > analysis.max5xxPercent()) {
            return new CanaryVerdict(FAILED, String.format("5xx rate %.2f%% (%d of %d requests) is above %s%%",
                    percent, (long) fresh.errors5xx(), (long) fresh.requests(), analysis.max5xxPercent()));
        }
        Double over = analysis.max5xxPercentOverBaseline();
        if (over != null && old != null && old.requests() >= analysis.minRequests()
                && percent > old.errorPercent() + over) {
            return new CanaryVerdict(FAILED, String.format("5xx rate %.2f%% is more than %s points above the old"
                    + " revision's %.2f%% (%d of %d requests) over the same window", percent, over,
                    old.errorPercent(), (long) old.errors5xx(), (long) old.requests()));
        }
        if (analysis.maxLatencySeconds() != null && fresh.latency() != null
                && fresh.latency() > analysis.maxLatencySeconds()) {
            return new CanaryVerdict(FAILED, "response time " + analysis.latencyStatistic() + " " + fresh.latency()
                    + " s is above " + analysis.maxLatencySeconds() + " s");
        }
        if (analysis.minHealthyHosts() != null && fresh.healthyHosts() != null
                && fresh.healthyHosts() < analysis.minHealthyHosts()) {
            return new CanaryVerdict(FAILED, "healthy hosts " + fresh.healthyHosts().longValue() + " below "
                    + analysis.minHealthyHosts());
        }
        return new CanaryVerdict(SUCCEEDED, String.format("5xx rate %.2f%% of %d requests is within %s%%", percent,
                (long) fresh.requests(), analysis.max5xxPercent()));
    }
}
