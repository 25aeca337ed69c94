package dev.ecsdeployer.actual;

import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.TaskDefinitionSpec;

import java.util.Optional;

/**
 * Where a reconcile reads the actual state of one service: live, one service at a time
 * ({@link ActualStateReader}), or from a batched read of the whole fleet ({@link FleetSource}).
 * Either way the reconcile that plans on it is the same.
 */
public interface ActualSource {

    /** The service a config names; empty when it does not exist (or is INACTIVE). */
    Optional<ServiceState> service(ServiceConfig config);

    /** The normalised spec of a task definition revision. */
    TaskDefinitionSpec describe(String taskDefinitionArn, String containerName);

    /**
     * The rest of the actual state around the service (null when it does not exist).
     *
     * @param running       the running revision's spec when the caller already described it, else null
     * @param trustRecorded skip reading the log group and scaling when the fingerprint recorded at the
     *                      last full apply matches (push path only)
     */
    ActualState complete(ServiceState service, DesiredState desired, TaskDefinitionSpec running,
                         boolean trustRecorded);

    /** The log group with whether it is ours, where that decides the plan (see {@link ActualStateReader#withOwner}). */
    ActualState.LogGroupState withOwner(ActualState.LogGroupState group, DesiredState desired);

    /** The service runs the revision the deployer registered from exactly this spec. */
    static boolean provablyDesired(ServiceState service, TaskDefinitionSpec desired) {
        return desired != null
                && service.taskDefinitionArn() != null
                && service.taskDefinitionArn().equals(service.tag(ServiceTags.TASK_DEFINITION))
                && dev.ecsdeployer.desired.SpecHash.of(desired).equals(service.tag(ServiceTags.SPEC_HASH));
    }
}
