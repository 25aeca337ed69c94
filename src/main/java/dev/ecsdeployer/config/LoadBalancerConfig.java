package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The ALB target group the container registers in. {@code loadBalancerArn} is needed only for
 * request-count scaling, whose resource label is {@code <alb arn suffix>/<target group arn suffix>}.
 * {@code advancedConfiguration} is what the traffic-shifting strategies need.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadBalancerConfig(String targetGroupArn, String loadBalancerArn,
                                 AdvancedLoadBalancerConfig advancedConfiguration) {

    public LoadBalancerConfig(String targetGroupArn, String loadBalancerArn) {
        this(targetGroupArn, loadBalancerArn, null);
    }
}
