package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * ECS's {@code loadBalancers[].advancedConfiguration}, needed by the BLUE_GREEN, LINEAR and CANARY strategies: the
 * alternate target group the new revision registers in, the listener rule(s) whose weights ECS moves, and the role
 * ECS assumes to change them.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdvancedLoadBalancerConfig(
        String alternateTargetGroupArn,
        String productionListenerRule,
        String testListenerRule,
        String roleArn) {
}
