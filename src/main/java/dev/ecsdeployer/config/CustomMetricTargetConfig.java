package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/** Target tracking on an application metric (seed: ActiveConnections per task). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomMetricTargetConfig(
        String metricName,
        String namespace,
        Map<String, String> dimensions,
        String statistic,
        Double targetValue,
        Integer scaleInCooldown,
        Integer scaleOutCooldown) {
}
