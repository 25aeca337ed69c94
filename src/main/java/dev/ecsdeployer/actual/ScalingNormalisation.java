package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ScalingSpec.CustomMetricSpec;
import dev.ecsdeployer.desired.ScalingSpec.MetricAlarmSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalingPolicySpec;
import dev.ecsdeployer.desired.ScalingSpec.StepAdjustmentSpec;
import dev.ecsdeployer.desired.ScalingSpec.StepScalingSpec;
import dev.ecsdeployer.desired.ScalingSpec.TargetTrackingSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalableTargetSpec;
import software.amazon.awssdk.services.applicationautoscaling.model.CustomizedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.StepScalingPolicyConfiguration;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Described scaling policies and alarms → specs, undoing what the APIs fill in: dimension
 * order, absent cooldowns (Application Auto Scaling applies 300 / 300 for ECS when omitted;
 * the deployer always sends both), step order, and a missing treatMissingData ("missing").
 */
public final class ScalingNormalisation {

    private static final String POLICY_NAME_MARK = ":policyName/";

    private ScalingNormalisation() {
    }

    /** A described target, its policies and the deployer's alarms → the canonical scaling state. */
    public static ScalingState state(ScalableTarget target, List<ScalingPolicy> policies, List<MetricAlarm> alarms) {
        Map<String, String> arns = new HashMap<>();
        policies.forEach(p -> arns.put(p.policyName(), p.policyARN()));
        return new ScalingState(
                target == null ? null
                        : new ScalableTargetSpec(target.resourceId(), target.minCapacity(), target.maxCapacity()),
                policies.stream().map(ScalingNormalisation::policy).toList(),
                Map.copyOf(arns),
                alarms.stream().map(ScalingNormalisation::alarm).toList());
    }

    public static ScalingPolicySpec policy(ScalingPolicy p) {
        TargetTrackingScalingPolicyConfiguration tt = p.targetTrackingScalingPolicyConfiguration();
        StepScalingPolicyConfiguration step = p.stepScalingPolicyConfiguration();
        return new ScalingPolicySpec(p.policyName(), p.policyTypeAsString(),
                tt == null ? null : targetTracking(tt),
                step == null ? null : new StepScalingSpec(step.adjustmentTypeAsString(),
                        step.cooldown() == null ? 0 : step.cooldown(),
                        step.metricAggregationTypeAsString(),
                        step.stepAdjustments().stream()
                                .map(s -> new StepAdjustmentSpec(s.metricIntervalLowerBound(),
                                        s.metricIntervalUpperBound(), s.scalingAdjustment()))
                                .sorted(Comparator.comparing(s -> s.lowerBound() == null ? Double.NEGATIVE_INFINITY
                                        : s.lowerBound()))
                                .toList()));
    }

    private static TargetTrackingSpec targetTracking(TargetTrackingScalingPolicyConfiguration tt) {
        PredefinedMetricSpecification pre = tt.predefinedMetricSpecification();
        CustomizedMetricSpecification custom = tt.customizedMetricSpecification();
        CustomMetricSpec customSpec = null;
        if (custom != null) {
            TreeMap<String, String> dims = new TreeMap<>();
            for (MetricDimension d : custom.dimensions()) {
                dims.put(d.name(), d.value());
            }
            customSpec = new CustomMetricSpec(custom.metricName(), custom.namespace(), dims, custom.statisticAsString());
        }
        return new TargetTrackingSpec(tt.targetValue(),
                pre == null ? null : pre.predefinedMetricTypeAsString(),
                pre == null ? null : pre.resourceLabel(),
                customSpec,
                tt.scaleInCooldown() == null ? 300 : tt.scaleInCooldown(),
                tt.scaleOutCooldown() == null ? 300 : tt.scaleOutCooldown());
    }

    public static MetricAlarmSpec alarm(MetricAlarm a) {
        TreeMap<String, String> dims = new TreeMap<>();
        for (Dimension d : a.dimensions()) {
            dims.put(d.name(), d.value());
        }
        String action = a.alarmActions().stream()
                .filter(arn -> arn.contains(POLICY_NAME_MARK))
                .map(ScalingNormalisation::policyName)
                .findFirst().orElse(null);
        return new MetricAlarmSpec(a.alarmName(), a.metricName(), a.namespace(), dims,
                a.statistic() == null ? null : a.statisticAsString(), a.extendedStatistic(),
                a.period() == null ? 0 : a.period(), a.evaluationPeriods() == null ? 0 : a.evaluationPeriods(),
                a.threshold() == null ? 0 : a.threshold(), a.comparisonOperatorAsString(),
                a.treatMissingData() == null || "missing".equals(a.treatMissingData()) ? null : a.treatMissingData(),
                action);
    }

    /** The policy name in a scaling policy ARN ({@code ...:policyName/<name>}). */
    public static String policyName(String policyArn) {
        int at = policyArn.indexOf(POLICY_NAME_MARK);
        return at < 0 ? null : policyArn.substring(at + POLICY_NAME_MARK.length());
    }
}
