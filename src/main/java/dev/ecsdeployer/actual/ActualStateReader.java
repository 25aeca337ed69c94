package dev.ecsdeployer.actual;

import dev.ecsdeployer.actual.ActualState.LogGroupState;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads one service's actual state: one call per resource, nothing read twice. */
public final class ActualStateReader {

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final ScalingStateReader scaling;

    public ActualStateReader(EcsClient ecs, CloudWatchLogsClient logs, ScalingStateReader scaling) {
        this.ecs = ecs;
        this.logs = logs;
        this.scaling = scaling;
    }

    public ActualState read(String cluster, String serviceName, String logGroupName, String scalingResourceId,
                            String alarmPrefix) {
        Service service = describeService(cluster, serviceName).orElse(null);
        TaskDefinition td = service == null || service.taskDefinition() == null ? null
                : describeTaskDefinition(service.taskDefinition()).taskDefinition();
        Map<String, String> tags = service == null ? Map.of()
                : service.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        ScalingState scalingState = service == null ? ScalingState.NONE : scaling.read(scalingResourceId, alarmPrefix);
        return new ActualState(logGroup(logGroupName), service, td, tags, scalingState);
    }

    /** The service with its tags; empty when missing or INACTIVE (deleted services linger as INACTIVE). */
    public Optional<Service> describeService(String cluster, String serviceName) {
        DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(cluster).services(serviceName)
                .include(ServiceField.TAGS));
        return r.services().stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .findFirst();
    }

    public DescribeTaskDefinitionResponse describeTaskDefinition(String arnOrFamily) {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(arnOrFamily));
    }

    private LogGroupState logGroup(String name) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .map(ActualStateReader::state)
                .orElse(null);
    }

    private static LogGroupState state(LogGroup g) {
        return new LogGroupState(g.logGroupName(), g.retentionInDays());
    }
}
