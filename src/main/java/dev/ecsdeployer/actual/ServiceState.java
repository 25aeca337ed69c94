package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ServiceSpec;

import java.util.Map;

/**
 * A described ECS service as the core sees it: what identifies it, what it runs, its PRIMARY
 * deployment and its managed settings in canonical form ({@link EcsNormalisation#service}).
 *
 * @param tags the service's tags (what the deployer recorded: {@link ServiceTags})
 * @param spec the managed settings, desired count included (the planner leaves it out where a
 *             scaling target owns it)
 */
public record ServiceState(
        String arn,
        String taskDefinitionArn,
        Integer desiredCount,
        String primaryDeploymentId,
        String primaryTaskDefinitionArn,
        ServiceSpec spec,
        Map<String, String> tags,
        Rollout rollout,
        ServiceSpec settings) {

    /**
     * @param settings {@code spec} with what the deployer compares only when a config sets it (platform version, tag
     *                 propagation, tags, AZ rebalancing; see {@link ContainerNormalisation#RULES})
     */
    public ServiceState {
        settings = settings == null ? spec : settings;
    }

    public ServiceState(String arn, String taskDefinitionArn, Integer desiredCount, String primaryDeploymentId,
                        String primaryTaskDefinitionArn, ServiceSpec spec, Map<String, String> tags, Rollout rollout) {
        this(arn, taskDefinitionArn, desiredCount, primaryDeploymentId, primaryTaskDefinitionArn, spec, tags, rollout,
                null);
    }

    /**
     * The PRIMARY deployment's progress and the service's newest event message (why it is not
     * done, when it is not), for the stuck-deployment check; null when ECS lists no deployment.
     */
    public record Rollout(String state, java.time.Instant startedAt, String lastEvent) {
    }

    public String tag(String key) {
        return tags.get(key);
    }
}
