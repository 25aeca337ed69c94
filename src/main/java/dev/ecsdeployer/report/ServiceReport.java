package dev.ecsdeployer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ecsdeployer.plan.Change;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What happened to one service in one invocation: the line in the structured log and the
 * entry in the handler's response.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceReport(
        String environment,
        String service,
        String cluster,
        Status status,
        String image,
        List<Change> plan,
        List<String> notices,
        List<String> applied,
        String taskDefinitionArn,
        String deploymentId,
        String failedStep,
        List<String> errors) {

    public enum Status {
        /** Changes applied and, where the service changed, a rollout started. */
        APPLIED,
        /** Nothing differed. */
        UNCHANGED,
        /** Dry run: the plan only. */
        PLANNED,
        /** Not reconciled, for a reason in {@code errors} (for example an older image). */
        SKIPPED,
        /** The config failed validation; nothing in AWS was touched. */
        REJECTED,
        /** A step failed; {@code applied} lists what completed before it. */
        FAILED,
        /** A check before the rollout (the image's platform) refused it, for the reason in {@code errors}; nothing changed. */
        REFUSED,
        /** {@code verify} found nothing wrong. */
        VERIFIED,
        /** {@code verify} found problems, one per entry in {@code errors}, each naming its config field. */
        VERIFY_FAILED
    }
}
