package dev.ecsdeployer.desired;

import dev.ecsdeployer.config.ServiceConfig;

/**
 * Everything one service's config says must exist in AWS, for one image. Pure data: built by
 * {@link DesiredStateBuilder}, compared with the actual state by the planner.
 */
public record DesiredState(
        ServiceConfig config,
        ImageRef image,
        LogGroupSpec logGroup,
        TaskDefinitionSpec taskDefinition,
        ServiceSpec service,
        ScalingSpec scaling) {

    public String cluster() {
        return service.cluster();
    }

    public String serviceName() {
        return service.serviceName();
    }

    /**
     * This state with the desired count left to a scaling target that exists but that the config
     * does not describe: a deploy must never scale such a service back down.
     */
    public DesiredState withCountOwnedByScaling() {
        return service.desiredCount() == null ? this
                : new DesiredState(config, image, logGroup, taskDefinition, service.withoutDesiredCount(), scaling);
    }
}
