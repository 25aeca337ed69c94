package dev.ecsdeployer.actual;

import dev.ecsdeployer.actual.ActualState.LogGroupState;
import dev.ecsdeployer.actual.ActualState.Revision;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.plan.EcsNormalisation;
import dev.ecsdeployer.plan.SpecHash;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Map;
import java.util.Optional;

/**
 * Reads one service's actual state, one call per resource and nothing that cannot have changed:
 * a task definition revision is immutable, so the one the deployer registered from the desired
 * spec (its fingerprint is on the service) is not described again.
 */
public final class ActualStateReader {

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final ScalingStateReader scaling;

    public ActualStateReader(EcsClient ecs, CloudWatchLogsClient logs, ScalingStateReader scaling) {
        this.ecs = ecs;
        this.logs = logs;
        this.scaling = scaling;
    }

    /** The service with its tags; empty when missing or INACTIVE (deleted services linger as INACTIVE). */
    public Optional<Service> describeService(String cluster, String serviceName) {
        DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(cluster).services(serviceName)
                .include(ServiceField.TAGS));
        return r.services().stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .findFirst();
    }

    /**
     * The rest of the actual state around a described service (null when it does not exist).
     *
     * @param trustRecorded skip reading the log group and scaling when the fingerprint recorded at the
     *                      last full apply matches (push path: a drift check reads everything)
     */
    public ActualState complete(Service service, DesiredState desired, boolean trustRecorded) {
        Map<String, String> tags = service == null ? Map.of() : ServiceTags.of(service);
        Revision latest = null;
        TaskDefinitionSpec td = null;
        if (service != null && ActualStateReader.provablyDesired(service, tags, desired.taskDefinition())) {
            td = desired.taskDefinition();
        } else if (service != null) {
            // The family's latest revision is usually the one the service runs: one describe gives both.
            latest = latestRevision(desired);
            td = latest != null && latest.arn().equals(service.taskDefinition()) ? latest.spec()
                    : describe(service.taskDefinition(), desired.config().taskDefinition().containerName());
        }
        boolean trusted = trustRecorded && service != null
                && settingsHash(desired).equals(tags.get(ServiceTags.SETTINGS_HASH));
        if (trusted) {
            return new ActualState(null, service, td, latest, tags, ScalingState.NONE, true);
        }
        ScalingState scalingState = service == null ? ScalingState.NONE
                : scaling.read(desired.scaling().resourceId(), DesiredStateBuilder.alarmPrefix(desired.config()));
        return new ActualState(logGroup(desired.logGroup().name()), service, td, latest, tags, scalingState, false);
    }

    /** The normalised spec of a revision the service runs, when it is not provably the desired one. */
    public TaskDefinitionSpec describe(String taskDefinitionArn, String containerName) {
        return EcsNormalisation.taskDefinition(
                ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinitionArn)).taskDefinition(), containerName);
    }

    /** The latest ACTIVE revision of the desired family, or null when the family has none. */
    private Revision latestRevision(DesiredState desired) {
        try {
            TaskDefinition td = ecs.describeTaskDefinition(b -> b.taskDefinition(desired.config().taskDefinition()
                    .family())).taskDefinition();
            return new Revision(td.taskDefinitionArn(),
                    EcsNormalisation.taskDefinition(td, desired.config().taskDefinition().containerName()));
        } catch (ClientException e) {
            return null;
        }
    }

    /** The service runs the revision the deployer registered from exactly this spec. */
    public static boolean provablyDesired(Service service, Map<String, String> tags, TaskDefinitionSpec desired) {
        return desired != null
                && service.taskDefinition() != null
                && service.taskDefinition().equals(tags.get(ServiceTags.TASK_DEFINITION))
                && SpecHash.of(desired).equals(tags.get(ServiceTags.SPEC_HASH));
    }

    public static String settingsHash(DesiredState desired) {
        return SpecHash.of(desired.logGroup(), desired.scaling());
    }

    private LogGroupState logGroup(String name) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .map(g -> new LogGroupState(g.logGroupName(), g.retentionInDays()))
                .orElse(null);
    }
}
