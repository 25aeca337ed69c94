package dev.ecsdeployer.apply;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What applying a plan did: the steps that completed, in order, and where it stopped if it
 * failed. A failed run is converged by the next one (every step is idempotent).
 */
@RegisterForReflection
public record ApplyResult(
        List<String> applied,
        String taskDefinitionArn,
        String deploymentId,
        String failedStep,
        String error) {

    public boolean succeeded() {
        return failedStep == null;
    }
}
