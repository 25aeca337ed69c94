package dev.ecsdeployer.config;

/**
 * ECS's {@code deploymentConfiguration.strategy}. {@code ROLLING} replaces tasks in place; the others run the new
 * revision beside the old one behind the load balancer's alternate target group and move traffic to it: all at
 * once ({@code BLUE_GREEN}), in equal steps ({@code LINEAR}) or a canary share first ({@code CANARY}).
 */
public enum RolloutStrategy {
    ROLLING, BLUE_GREEN, LINEAR, CANARY;

    /** Whether ECS shifts traffic between two revisions (the blue/green family), which needs advanced settings. */
    public boolean shiftsTraffic() {
        return this != ROLLING;
    }
}
