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
        String error,
        String preDeployTask) {

    /** @param preDeployTask the pre-deploy task started instead of the rollout, or null */
    public ApplyResult(List<String> applied, String taskDefinitionArn, String deploymentId, String failedStep,
                       String error) {
        this(applied, taskDefinitionArn, deploymentId, failedStep, error, null);
    }

    public boolean succeeded() {
        return failedStep == null;
    }
}
