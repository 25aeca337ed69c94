package dev.ecsdeployer.actual;

import dev.ecsdeployer.actual.ActualState.LogGroupState;
import dev.ecsdeployer.actual.ActualState.Revision;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.LogGroupSpec;
import dev.ecsdeployer.desired.Ownership;
import dev.ecsdeployer.desired.ScalingSpecBuilder;
import dev.ecsdeployer.desired.SpecHash;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
            // Runs the revision registered from exactly this spec (family included): nothing to register.
            td = desired.taskDefinition();
        } else if (td == null) {
            // The family's latest revision is usually the one the service runs: one describe gives both.
            latest = latestRevision(desired);
            td = latest != null && latest.arn().equals(service.taskDefinitionArn()) ? latest.spec()
                    : describe(service.taskDefinitionArn(), desired.config().taskDefinition().followingContainerName());
        } else {
            // Whose the desired family is decides whether a revision may be registered in it.
            latest = latestRevision(desired);
        }
        boolean trusted = trustRecorded && service != null
                && settingsHash(desired).equals(service.tag(ServiceTags.SETTINGS_HASH));
        if (trusted) {
            return new ActualState(null, service, td, latest, ScalingState.NONE, true);
        }
        ScalingState scalingState = service == null ? ScalingState.NONE
                : scaling.read(desired.scaling().resourceId(), DesiredStateBuilder.alarmPrefix(desired.config()));
        return new ActualState(withOwner(logGroup(desired.logGroup().name()), desired), service, td, latest,
                scalingState, false);
    }

    /**
     * The log group with whether it is ours, read (ListTagsForResource) only when the desired retention
     * is longer than its own: the one change the deployer makes to an existing log group, and only to its own.
     */
    @Override
    public LogGroupState withOwner(LogGroupState group, DesiredState desired) {
        if (group == null || group.retentionDays() == null
                || group.retentionDays() >= desired.logGroup().retentionDays()) {
            return group;
        }
        Map<String, String> tags = logs.listTagsForResource(b -> b.resourceArn(group.arn())).tags();
        return group.withOurs(Ownership.logGroupIsOurs(tags, desired.config()));
    }

    @Override
    public TaskDefinitionSpec describe(String taskDefinitionArn, String containerName) {
        DescribeTaskDefinitionResponse r = ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinitionArn)
                .include(TaskDefinitionField.TAGS));
        return EcsNormalisation.taskDefinition(r.taskDefinition(), containerName, r.tags());
    }

    /** The latest ACTIVE revision of the desired family, or null when the family has none. */
    private Revision latestRevision(DesiredState desired) {
        try {
            DescribeTaskDefinitionResponse r = ecs.describeTaskDefinition(b -> b.taskDefinition(
                    desired.config().taskDefinition().family()).include(TaskDefinitionField.TAGS));
            TaskDefinition td = r.taskDefinition();
            return new Revision(td.taskDefinitionArn(),
                    EcsNormalisation.taskDefinition(td, desired.config().taskDefinition().followingContainerName(),
                            r.tags()),
                    r.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
        } catch (ClientException e) {
            return null;
        }
    }

    public static String settingsHash(DesiredState desired) {
        return SpecHash.of(desired.logGroup(), desired.scaling());
    }

    /** The same fingerprint from the config alone (what {@link DesiredStateBuilder} builds them from). */
    public static String settingsHash(ServiceConfig config) {
        return SpecHash.of(new LogGroupSpec(config.logGroup().name(), config.logGroup().retentionDays()),
                ScalingSpecBuilder.build(config));
    }

    private LogGroupState logGroup(String name) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .map(ActualStateReader::logGroupState)
                .orElse(null);
    }

    static LogGroupState logGroupState(LogGroup g) {
        // logGroupArn is the ARN without the trailing ":*" that ListTagsForResource takes.
        String arn = g.logGroupArn() != null ? g.logGroupArn()
                : g.arn() != null && g.arn().endsWith(":*") ? g.arn().substring(0, g.arn().length() - 2) : g.arn();
        return new LogGroupState(g.logGroupName(), g.retentionInDays(), arn, null);
    }
}
