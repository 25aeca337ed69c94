package dev.ecsdeployer.actual;

import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Map;

/**
 * What AWS has for one service, as read before planning. {@code service} is null when the
 * service does not exist (or is INACTIVE); {@code taskDefinition} is the revision it runs.
 */
public record ActualState(
        LogGroupState logGroup,
        Service service,
        TaskDefinition taskDefinition,
        Map<String, String> serviceTags,
        ScalingState scaling) {

    /** A log group as it is; {@code retentionDays} null means "never expire". */
    public record LogGroupState(String name, Integer retentionDays) {
    }

    public boolean serviceExists() {
        return service != null;
    }
}
