package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Scalable target on {@code ecs:service:DesiredCount} and its policies. A policy left out is
 * not wanted (and is deleted if the deployer created it earlier).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingConfig(
        Integer minCapacity,
        Integer maxCapacity,
        TargetTrackingConfig cpu,
        TargetTrackingConfig memory,
        TargetTrackingConfig requestCount,
        CustomMetricTargetConfig customMetric,
        StepScalingConfig stepScaling) {
}
