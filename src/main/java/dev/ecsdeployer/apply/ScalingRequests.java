package dev.ecsdeployer.apply;

import dev.ecsdeployer.desired.ScalingSpec;
import dev.ecsdeployer.desired.ScalingSpec.MetricAlarmSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalableTargetSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalingPolicySpec;
import dev.ecsdeployer.desired.ScalingSpec.StepScalingSpec;
import dev.ecsdeployer.desired.ScalingSpec.TargetTrackingSpec;
import software.amazon.awssdk.services.applicationautoscaling.model.CustomizedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.StepAdjustment;
import software.amazon.awssdk.services.applicationautoscaling.model.StepScalingPolicyConfiguration;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

import java.util.List;

/** Scaling specs → Application Auto Scaling and CloudWatch requests. Pure. */
public final class ScalingRequests {

    private ScalingRequests() {
    }

    public static RegisterScalableTargetRequest registerTarget(ScalableTargetSpec t) {
        return RegisterScalableTargetRequest.builder()
                .serviceNamespace(ScalingSpec.NAMESPACE)
                .scalableDimension(ScalingSpec.DIMENSION)
                .resourceId(t.resourceId())
                .minCapacity(t.minCapacity())
                .maxCapacity(t.maxCapacity())
                .build();
    }

    public static PutScalingPolicyRequest putPolicy(String resourceId, ScalingPolicySpec p) {
        PutScalingPolicyRequest.Builder b = PutScalingPolicyRequest.builder()
                .serviceNamespace(ScalingSpec.NAMESPACE)
                .scalableDimension(ScalingSpec.DIMENSION)
                .resourceId(resourceId)
                .policyName(p.policyName())
                .policyType(p.policyType());
        if (p.targetTracking() != null) {
            b.targetTrackingScalingPolicyConfiguration(targetTracking(p.targetTracking()));
        }
        if (p.stepScaling() != null) {
            b.stepScalingPolicyConfiguration(step(p.stepScaling()));
        }
        return b.build();
    }

    private static TargetTrackingScalingPolicyConfiguration targetTracking(TargetTrackingSpec t) {
        TargetTrackingScalingPolicyConfiguration.Builder b = TargetTrackingScalingPolicyConfiguration.builder()
                .targetValue(t.targetValue())
                .scaleInCooldown(t.scaleInCooldown())
                .scaleOutCooldown(t.scaleOutCooldown());
        if (t.predefinedMetricType() != null) {
            b.predefinedMetricSpecification(PredefinedMetricSpecification.builder()
                    .predefinedMetricType(t.predefinedMetricType())
                    .resourceLabel(t.resourceLabel())
                    .build());
        } else {
            b.customizedMetricSpecification(CustomizedMetricSpecification.builder()
                    .metricName(t.customMetric().metricName())
                    .namespace(t.customMetric().namespace())
                    .dimensions(t.customMetric().dimensions().entrySet().stream()
                            .map(e -> MetricDimension.builder().name(e.getKey()).value(e.getValue()).build())
                            .toList())
                    .statistic(t.customMetric().statistic())
                    .build());
        }
        return b.build();
    }

    private static StepScalingPolicyConfiguration step(StepScalingSpec s) {
        return StepScalingPolicyConfiguration.builder()
                .adjustmentType(s.adjustmentType())
                .cooldown(s.cooldown())
                .metricAggregationType(s.metricAggregationType())
                .stepAdjustments(s.steps().stream()
                        .map(a -> StepAdjustment.builder()
                                .metricIntervalLowerBound(a.lowerBound())
                                .metricIntervalUpperBound(a.upperBound())
                                .scalingAdjustment(a.scalingAdjustment())
                                .build())
                        .toList())
                .build();
    }

    /** @param actionArn the ARN of the policy the alarm triggers, or null for a rollback-only alarm */
    public static PutMetricAlarmRequest putAlarm(MetricAlarmSpec a, String actionArn, String managedByTagKey,
                                                 String managedByTagValue) {
        return PutMetricAlarmRequest.builder()
                .alarmName(a.alarmName())
                .metricName(a.metricName())
                .namespace(a.namespace())
                .dimensions(a.dimensions().entrySet().stream()
                        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
                        .toList())
                .statistic(a.statistic())
                .extendedStatistic(a.extendedStatistic())
                .period(a.period())
                .evaluationPeriods(a.evaluationPeriods())
                .threshold(a.threshold())
                .comparisonOperator(a.comparisonOperator())
                .treatMissingData(a.treatMissingData())
                .alarmActions(actionArn == null ? List.of() : List.of(actionArn))
                .tags(Tag.builder().key(managedByTagKey).value(managedByTagValue).build())
                .build();
    }
}
