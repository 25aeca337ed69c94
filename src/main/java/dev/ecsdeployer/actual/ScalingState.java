package dev.ecsdeployer.actual;

import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.util.List;

/**
 * The scaling side of a service as it is: its scalable target (null when none), every policy on
 * that target (the deployer's and anyone else's), and the alarms under the deployer's prefix
 * for the service.
 */
public record ScalingState(ScalableTarget target, List<ScalingPolicy> policies, List<MetricAlarm> ownedAlarms) {

    public static final ScalingState NONE = new ScalingState(null, List.of(), List.of());
}
