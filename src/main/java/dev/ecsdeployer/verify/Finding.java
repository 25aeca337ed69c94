package dev.ecsdeployer.verify;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One thing {@code verify} found wrong between a service's config and AWS.
 *
 * @param path    the config field, dotted as in config errors ({@code taskDefinition.secrets.DB_PASSWORD})
 * @param found   what AWS has there (or that it has nothing)
 * @param problem why that cannot work for the service
 */
@RegisterForReflection
public record Finding(String path, String found, String problem) {

    /**
     * Whether the rollout would certainly fail: a role, secret, target group or network the task
     * needs is missing or wrong. An unreadable check ("not checked"), the followed image and the
     * log group's naming are reported without holding the change back.
     */
    public boolean blocksRollout() {
        return !found.startsWith("not checked") && (path.startsWith("taskDefinition.") || path.startsWith("service."));
    }

    /** For example {@code service.loadBalancer.targetGroupArn: port 8080; must equal taskDefinition.containerPort 3001}. */
    public String describe() {
        return path + ": " + found + "; " + problem;
    }

    @Override
    public String toString() {
        return describe();
    }
}
