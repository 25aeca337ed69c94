package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One of ECS's {@code deploymentConfiguration.lifecycleHooks}: the Lambda function ECS calls at the given stages
 * (the deployer's own function, for its canary analysis, or any other), and the role ECS assumes to call it.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleHookConfig(String hookTargetArn, String roleArn, List<String> lifecycleStages) {

    /** ECS's lifecycle stages a hook can run at (SDK 2.57.8, {@code DeploymentLifecycleHookStage}). */
    public static final List<String> STAGES = List.of("RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP",
            "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT");
}
