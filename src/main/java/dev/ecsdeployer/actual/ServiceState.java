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
        Map<String, String> tags) {

    public String tag(String key) {
        return tags.get(key);
    }
}
