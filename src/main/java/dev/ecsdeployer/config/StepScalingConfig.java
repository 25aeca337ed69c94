package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * Step scaling on an application metric and the CloudWatch alarm that triggers it
 * (seed: EventLoopLagMs p95 over 60 s, 3 periods, GreaterThanThreshold; +1 task up to the
 * bound above the threshold, +2 beyond). {@code statistic} is a standard statistic
 * (Average, Maximum, ...) or a percentile such as {@code p95}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepScalingConfig(
        String metricName,
        String namespace,
        Map<String, String> dimensions,
        String statistic,
        Integer period,
        Integer evaluationPeriods,
        Double threshold,
        String comparisonOperator,
        Integer cooldown,
        List<StepConfig> steps) {
}
