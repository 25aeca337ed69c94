package dev.ecsdeployer.actual;

import dev.ecsdeployer.aws.RateLimiter;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.TaskDefinitionSpec;

import java.util.Optional;

/**
 * The actual state of one service out of a batched read of the fleet: service, log group and
 * scaling come from the snapshot; a task definition is described only when the recorded
 * fingerprint cannot prove it is the desired one.
 */
public final class FleetSource implements ActualSource {

    private final FleetReader.Snapshot snapshot;
    private final ActualSource live;

    public FleetSource(FleetReader.Snapshot snapshot, ActualSource live) {
        this.snapshot = snapshot;
        this.live = live;
    }

    @Override
    public Optional<ServiceState> service(ServiceConfig config) {
        return Optional.ofNullable(snapshot.service(config));
    }

    /**
     * DescribeTaskDefinition, paced by the instance-wide limiter of its AWS bucket (20/s): with 8
     * threads at AWS latency a fleet whose services all need one (none deployed by the deployer, or
     * a {@code _defaults} change that alters every spec) would ask for ~250/s and live on throttling
     * retries; paced, it takes a token at a time and never sees a throttle.
     */
    @Override
    public TaskDefinitionSpec describe(String taskDefinitionArn, String containerName) {
        RateLimiter.ECS_TASK_DEFINITION_READ.acquire();
        return live.describe(taskDefinitionArn, containerName);
    }

    @Override
    public ActualState complete(ServiceState service, DesiredState desired, TaskDefinitionSpec running,
                                boolean trustRecorded) {
        ServiceConfig config = desired.config();
        TaskDefinitionSpec td = service == null ? null
                : running != null ? running
                : ActualSource.provablyDesired(service, desired.taskDefinition()) ? desired.taskDefinition()
                : describe(service.taskDefinitionArn(), config.taskDefinition().followingContainerName());
        return new ActualState(withOwner(snapshot.logGroup(config), desired), service, td, null,
                snapshot.scaling(config), false);
    }

    @Override
    public ActualState.LogGroupState withOwner(ActualState.LogGroupState group, DesiredState desired) {
        return live.withOwner(group, desired);
    }
}
