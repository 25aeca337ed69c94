package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ScalingState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.desired.ScalingSpec;
import dev.ecsdeployer.desired.ScalingSpec.MetricAlarmSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalingPolicySpec;
import dev.ecsdeployer.plan.Change;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.util.HashMap;
import java.util.Map;

/** Applies scaling changes: target, policies, alarms (an alarm's action is its policy's ARN). */
public final class ScalingApplier {

    private final ApplicationAutoScalingClient autoScaling;
    private final CloudWatchClient cloudWatch;

    public ScalingApplier(ApplicationAutoScalingClient autoScaling, CloudWatchClient cloudWatch) {
        this.autoScaling = autoScaling;
        this.cloudWatch = cloudWatch;
    }

    /** Policy ARNs known before applying: those of the policies that exist now. */
    public static Map<String, String> policyArns(ScalingState actual) {
        return new HashMap<>(actual.policyArns());
    }

    public void apply(Change change, ScalingSpec desired, Map<String, String> policyArns) {
        String resourceId = desired.resourceId();
        switch (change.resource()) {
            case SCALABLE_TARGET -> autoScaling.registerScalableTarget(ScalingRequests.registerTarget(desired.target()));
            case SCALING_POLICY -> {
                if (change.action() == Change.Action.DELETE) {
                    autoScaling.deleteScalingPolicy(b -> b.serviceNamespace(ScalingSpec.NAMESPACE)
                            .scalableDimension(ScalingSpec.DIMENSION)
                            .resourceId(resourceId)
                            .policyName(change.target()));
                } else {
                    ScalingPolicySpec policy = desired.policies().stream()
                            .filter(p -> p.policyName().equals(change.target())).findFirst().orElseThrow();
                    String arn = autoScaling.putScalingPolicy(ScalingRequests.putPolicy(resourceId, policy)).policyARN();
                    policyArns.put(policy.policyName(), arn);
                }
            }
            case ALARM -> {
                if (change.action() == Change.Action.DELETE) {
                    cloudWatch.deleteAlarms(b -> b.alarmNames(change.target()));
                } else {
                    MetricAlarmSpec alarm = desired.alarms().stream()
                            .filter(a -> a.alarmName().equals(change.target())).findFirst().orElseThrow();
                    String action = alarm.actionPolicyName() == null ? null : policyArns.get(alarm.actionPolicyName());
                    cloudWatch.putMetricAlarm(ScalingRequests.putAlarm(alarm, action, ServiceTags.MANAGED_BY,
                            ServiceTags.MANAGED_BY_VALUE));
                }
            }
            default -> throw new IllegalStateException("not a scaling change: " + change);
        }
    }
}
