package dev.ecsdeployer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ecsdeployer.cost.CostReport;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.plan.Held;
import dev.ecsdeployer.workitem.WorkItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What happened to one service in one invocation: the line in the structured log and the
 * entry in the handler's answer. Built by one factory per status. {@code held} lists the differences
 * the deployer leaves to the operator (a log group that is not ours, a retention it would shorten). {@code cost} is what the
 * service costs a month, desired and actual, for every reconciled service; {@code workItem}
 * and {@code messageId} say what was queued for it.
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
        List<Held> held,
        List<String> applied,
        String taskDefinitionArn,
        String deploymentId,
        String failedStep,
        List<String> errors,
        CostReport cost,
        WorkItem workItem,
        String messageId) implements Report {

    public enum Status {
        /** Changes applied and, where the service changed, a rollout started. */
        APPLIED,
        /** Nothing differed. */
        UNCHANGED,
        /** Dry run: the plan only. */
        PLANNED,
        /** Sent to the work queue; a worker applies it (see {@code workItem}). */
        QUEUED,
        /** Not reconciled, for a reason in {@code errors} (for example an older image). */
        SKIPPED,
        /** The config failed validation; nothing in AWS was touched. */
        REJECTED,
        /** A step failed; {@code applied} lists what completed before it. */
        FAILED,
        /** A check before the rollout (the image's platform) refused it, for the reason in {@code errors}; nothing changed. */
        REFUSED,
        /** An operator's hold is on: automatic deploys wait until released; {@code notices} say since when and why. */
        HELD,
        /** {@code verify} found nothing wrong. */
        VERIFIED,
        /** {@code verify} found problems, one per entry in {@code errors}, each naming its config field. */
        VERIFY_FAILED,
        /** The new revision is registered and its pre-deploy task started; the rollout waits for it to exit 0. */
        PRE_DEPLOYING
    }

    /** A reconcile that planned, applied or was skipped. */
    static ServiceReport reconciled(String environment, String service, String cluster, Status status, String image,
                                    List<Change> plan, List<String> notices, List<Held> held,
                                    List<String> applied, String taskDefinitionArn, String deploymentId,
                                    String failedStep, List<String> errors, CostReport cost) {
        return new ServiceReport(environment, service, cluster, status, image, plan, masked(notices),
                held == null || held.isEmpty() ? null : held, applied,
                taskDefinitionArn, deploymentId, failedStep, masked(errors), cost, null, null);
    }

    /** Nothing done for the service, for the reasons given (rejected, refused, failed, deleted, verified). */
    static ServiceReport withErrors(String environment, String service, String cluster, Status status, String image,
                                    List<String> errors) {
        return new ServiceReport(environment, service, cluster, status, image, null, null, null, null, null, null, null,
                errors == null || errors.isEmpty() ? null : masked(errors), null, null, null);
    }

    /** A service on hold: the hold's time and reason in {@code notices}. */
    static ServiceReport held(String environment, String service, String cluster, List<String> notices) {
        return new ServiceReport(environment, service, cluster, Status.HELD, null, null, masked(notices), null, null,
                null, null, null, null, null, null, null);
    }

    /** Free text (AWS messages, reasons) may quote a value: credentials in it are masked. */
    private static List<String> masked(List<String> texts) {
        return texts == null ? null : texts.stream().map(Redaction::maskText).toList();
    }

    /** An item queued for the service, with the plan it was computed with when there is one. */
    public static ServiceReport queued(WorkItem item, String messageId, List<Change> plan, String image) {
        return new ServiceReport(item.environment(), item.service(), null, Status.QUEUED, image, plan, null, null, null,
                null, null, null, null, null, item, messageId);
    }
}
