package dev.ecsdeployer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How an ECS deployment of a managed service ended, matched against the deployment the deployer
 * recorded on the service: the detail of the outcome events and the handler's answer.
 *
 * @param environment          the environment of the config that manages the service (null when none does)
 * @param service              the ECS service name
 * @param recordedDeploymentId the deployment the deployer started last (from the service's tags)
 * @param duplicate            true when this final outcome was reported before (events arrive at least once)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutcomeReport(String environment, String cluster, String service, String deploymentId,
                            String recordedDeploymentId, String imageDigest, String reason, Outcome outcome,
                            Boolean duplicate) implements Report {

    public enum Outcome {
        IN_PROGRESS, COMPLETED, FAILED, ROLLING_BACK, ROLLED_BACK, UNMATCHED,
        /**
         * A deployment the deployer did not start (an operator's UpdateService) became the service's
         * deployment: no rollback of ours, and no image of ours is marked failed.
         */
        FOREIGN,
        /** The event could not be matched (AWS kept failing): how the deployment ended is not known. */
        UNKNOWN
    }

    /** A deployment of a service no config of this deployer manages. */
    public static OutcomeReport unmatched(String cluster, String service, String deploymentId, String reason) {
        return new OutcomeReport(null, cluster, service, deploymentId, null, null, reason, Outcome.UNMATCHED, null);
    }

    public OutcomeReport asDuplicate() {
        return new OutcomeReport(environment, cluster, service, deploymentId, recordedDeploymentId, imageDigest,
                reason, outcome, true);
    }
}
