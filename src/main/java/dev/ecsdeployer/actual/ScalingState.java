package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ScalingSpec.MetricAlarmSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalableTargetSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalingPolicySpec;

import java.util.List;
import java.util.Map;

/**
 * The scaling side of a service as it is, in canonical form: its scalable target (null when
 * none), every policy on that target (the deployer's and anyone else's), the ARNs of those
 * policies by name (a step alarm's action), and the alarms under the deployer's prefix.
 */
public record ScalingState(ScalableTargetSpec target, List<ScalingPolicySpec> policies,
                           Map<String, String> policyArns, List<MetricAlarmSpec> ownedAlarms) {

    public static final ScalingState NONE = new ScalingState(null, List.of(), Map.of(), List.of());
}
