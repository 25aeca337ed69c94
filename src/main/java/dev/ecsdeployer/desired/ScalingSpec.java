package dev.ecsdeployer.desired;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.SortedMap;

/**
 * Scalable target on {@code ecs:service:DesiredCount}, the deployer's scaling policies on it,
 * and the CloudWatch alarms the deployer owns for the service (the step-scaling trigger and the
 * deployment-rollback alarms). Policies and alarms carry the names that mark them as the
 * deployer's. {@code target} is null when the config has no scaling; {@code resourceId} is
 * always the service's, so that policies the deployer made earlier can still be removed.
 */
@RegisterForReflection
public record ScalingSpec(
        String resourceId,
        ScalableTargetSpec target,
        List<ScalingPolicySpec> policies,
        List<MetricAlarmSpec> alarms) {

    public static final String DIMENSION = "ecs:service:DesiredCount";
    public static final String NAMESPACE = "ecs";

    @RegisterForReflection
    public record ScalableTargetSpec(String resourceId, int minCapacity, int maxCapacity) {
    }

    /** One policy: exactly one of {@code targetTracking} and {@code stepScaling} is set. */
    @RegisterForReflection
    public record ScalingPolicySpec(String policyName, String policyType, TargetTrackingSpec targetTracking,
                                    StepScalingSpec stepScaling) {
    }

    @RegisterForReflection
    public record TargetTrackingSpec(double targetValue, String predefinedMetricType, String resourceLabel,
                                     CustomMetricSpec customMetric, int scaleInCooldown, int scaleOutCooldown) {
    }

    @RegisterForReflection
    public record CustomMetricSpec(String metricName, String namespace, SortedMap<String, String> dimensions,
                                   String statistic) {
    }

    @RegisterForReflection
    public record StepScalingSpec(String adjustmentType, int cooldown, String metricAggregationType,
                                  List<StepAdjustmentSpec> steps) {
    }

    @RegisterForReflection
    public record StepAdjustmentSpec(Double lowerBound, Double upperBound, int scalingAdjustment) {
    }

    /**
     * A metric alarm. {@code statistic} holds a standard statistic, {@code extendedStatistic} a
     * percentile; {@code actionPolicyName} names the deployer's scaling policy whose ARN is the
     * alarm action (resolved when applied), or is null.
     */
    @RegisterForReflection
    public record MetricAlarmSpec(String alarmName, String metricName, String namespace,
                                  SortedMap<String, String> dimensions, String statistic, String extendedStatistic,
                                  int period, int evaluationPeriods, double threshold, String comparisonOperator,
                                  String treatMissingData, String actionPolicyName) {
    }
}
