package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ScalingSpec;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.util.ArrayList;
import java.util.List;

/** Reads a service's scaling target, policies and owned alarms: three calls. */
public final class ScalingStateReader {

    private final ApplicationAutoScalingClient autoScaling;
    private final CloudWatchClient cloudWatch;

    public ScalingStateReader(ApplicationAutoScalingClient autoScaling, CloudWatchClient cloudWatch) {
        this.autoScaling = autoScaling;
        this.cloudWatch = cloudWatch;
    }

    public ScalingState read(String resourceId, String alarmPrefix) {
        ScalableTarget target = autoScaling.describeScalableTargets(b -> b
                        .serviceNamespace(ScalingSpec.NAMESPACE)
                        .scalableDimension(ScalingSpec.DIMENSION)
                        .resourceIds(resourceId))
                .scalableTargets().stream().findFirst().orElse(null);
        List<ScalingPolicy> policies = target == null ? List.of() : autoScaling.describeScalingPolicies(b -> b
                        .serviceNamespace(ScalingSpec.NAMESPACE)
                        .scalableDimension(ScalingSpec.DIMENSION)
                        .resourceId(resourceId))
                .scalingPolicies();
        List<MetricAlarm> alarms = new ArrayList<>();
        cloudWatch.describeAlarmsPaginator(b -> b.alarmNamePrefix(alarmPrefix).maxRecords(100))
                .metricAlarms().forEach(alarms::add);
        return ScalingNormalisation.state(target, policies, alarms);
    }
}
