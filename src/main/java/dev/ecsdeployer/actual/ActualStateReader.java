package dev.ecsdeployer.actual;

import dev.ecsdeployer.actual.ActualState.LogGroupState;
import dev.ecsdeployer.actual.ActualState.Revision;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Optional;

/**
 * Reads one service's actual state live, one call per resource and nothing that cannot have
 * changed: a task definition revision is immutable, so the one the deployer registered from the
 * desired spec (its fingerprint is on the service) is not described again.
 */
public final class ActualStateReader implements ActualSource {

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final ScalingStateReader scaling;

    public ActualStateReader(EcsClient ecs, CloudWatchLogsClient logs, ScalingStateReader scaling) {
        this.ecs = ecs;
        this.logs = logs;
        this.scaling = scaling;
    }

    @Override
    public Optional<ServiceState> service(ServiceConfig config) {
        return describeService(config.service().cluster(), config.service().serviceName());
    }

    /** The service with its tags; empty when missing or INACTIVE (deleted services linger as INACTIVE). */
    public Optional<ServiceState> describeService(String cluster, String serviceName) {
        return ecs.describeServices(b -> b.cluster(cluster).services(serviceName).include(ServiceField.TAGS))
                .services().stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .findFirst()
                .map(s -> EcsNormalisation.service(s, cluster));
    }

    /**
     * The service, or empty when it or its cluster does not exist: for events that name a service
     * this account may not have (a deployment event outlives a deleted cluster).
     */
    public Optional<ServiceState> findService(String cluster, String serviceName) {
        try {
            return describeService(cluster, serviceName);
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public ActualState complete(ServiceState service, DesiredState desired, TaskDefinitionSpec running,
                                boolean trustRecorded) {
        Revision latest = null;
        TaskDefinitionSpec td = running;
        if (service == null) {
            // A first deploy: the family's latest revision says whether the family is someone else's,
            // and is reused when a cut-off run registered it already.
            latest = latestRevision(desired);
        } else if (td == null && ActualSource.provablyDesired(service, desired.taskDefinition())) {
            td = desired.taskDefinition();
        } else if (td == null) {
            // The family's latest revision is usually the one the service runs: one describe gives both.
            latest = latestRevision(desired);
            td = latest != null && latest.arn().equals(service.taskDefinitionArn()) ? latest.spec()
                    : describe(service.taskDefinitionArn(), desired.config().taskDefinition().containerName());
        }
        boolean trusted = trustRecorded && service != null
                && settingsHash(desired).equals(service.tag(ServiceTags.SETTINGS_HASH));
        if (trusted) {
            return new ActualState(null, service, td, latest, ScalingState.NONE, true);
        }
        ScalingState scalingState = service == null ? ScalingState.NONE
                : scaling.read(desired.scaling().resourceId(), DesiredStateBuilder.alarmPrefix(desired.config()));
        return new ActualState(logGroup(desired.logGroup().name()), service, td, latest, scalingState, false);
    }

    @Override
    public TaskDefinitionSpec describe(String taskDefinitionArn, String containerName) {
        return EcsNormalisation.taskDefinition(
                ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinitionArn)).taskDefinition(), containerName);
    }

    /** The latest ACTIVE revision of the desired family, or null when the family has none. */
    private Revision latestRevision(DesiredState desired) {
        try {
            DescribeTaskDefinitionResponse r = ecs.describeTaskDefinition(b -> b.taskDefinition(
                    desired.config().taskDefinition().family()).include(TaskDefinitionField.TAGS));
            TaskDefinition td = r.taskDefinition();
            return new Revision(td.taskDefinitionArn(),
                    EcsNormalisation.taskDefinition(td, desired.config().taskDefinition().containerName()),
                    r.tags().stream().anyMatch(t -> ServiceTags.MANAGED_BY.equals(t.key())));
        } catch (ClientException e) {
            return null;
        }
    }

    public static String settingsHash(DesiredState desired) {
        return dev.ecsdeployer.desired.SpecHash.of(desired.logGroup(), desired.scaling());
    }

    private LogGroupState logGroup(String name) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .map(g -> new LogGroupState(g.logGroupName(), g.retentionInDays()))
                .orElse(null);
    }
}
