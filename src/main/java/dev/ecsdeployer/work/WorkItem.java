package dev.ecsdeployer.work;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One unit of work for one service: a trigger names the service and what happened; the worker
 * re-reads the config and the actual state when it runs (level-triggered). Items of one service
 * share a message group, so the queue hands them out one at a time, in order.
 *
 * @param eventId    the triggering event's id (or the invocation's request id for a command)
 * @param image      PUSH, DEPLOY: the image to run, {@code <repository-uri>@sha256:...}
 * @param tag        PUSH: the pushed tag the config follows
 * @param pushedAt   PUSH: when the image was pushed (an older push never replaces a newer one)
 * @param deployment OUTCOME: the ECS deployment state change to match
 * @param notices    what the checks before queueing could not confirm (an undetermined image platform)
 * @param requestedAt DEPLOY: when the operator asked (pushes from before it are not applied automatically)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkItem(Kind kind, String environment, String service, String eventId, String image, String tag,
                       Instant pushedAt, Deployment deployment, List<String> notices, Instant requestedAt) {

    public enum Kind {
        /** A followed repository and tag was pushed. */
        PUSH,
        /** The service's config (or its environment's {@code _defaults}) changed. */
        CONFIG_CHANGE,
        /** A drift check found differences the config allows it to put back. */
        HEAL,
        /** An operator's {@code deploy} command. */
        DEPLOY,
        /** An ECS deployment of the service changed state. */
        OUTCOME
    }

    /** An {@code ECS Deployment State Change}, as the outcome needs it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deployment(String cluster, String service, String eventName, String deploymentId, String reason,
                             Instant updatedAt) {
    }

    public static WorkItem push(String environment, String service, String eventId, String image, String tag,
                                Instant pushedAt, List<String> notices) {
        return new WorkItem(Kind.PUSH, environment, service, eventId, image, tag, pushedAt, null,
                notices.isEmpty() ? null : List.copyOf(notices), null);
    }

    public static WorkItem configChange(String environment, String service, String eventId) {
        return new WorkItem(Kind.CONFIG_CHANGE, environment, service, eventId, null, null, null, null, null, null);
    }

    public static WorkItem heal(String environment, String service, String eventId) {
        return new WorkItem(Kind.HEAL, environment, service, eventId, null, null, null, null, null, null);
    }

    public static WorkItem deploy(String environment, String service, String eventId, String image,
                                  Instant requestedAt) {
        return new WorkItem(Kind.DEPLOY, environment, service, eventId, image, null, null, null, null, requestedAt);
    }

    public static WorkItem outcome(String environment, String service, String eventId, Deployment deployment) {
        return new WorkItem(Kind.OUTCOME, environment, service, eventId, null, null, null, deployment, null, null);
    }

    public List<String> noticesOrEmpty() {
        return notices == null ? List.of() : notices;
    }

    /** The FIFO message group: one per service, so one worker per service at a time. */
    public String groupId() {
        return environment + "/" + service;
    }

    /**
     * The FIFO deduplication id: the same event for the same service is queued once (SQS remembers
     * it for five minutes), so a redelivered event or a retried front adds no second item.
     */
    public String deduplicationId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = kind + "|" + groupId() + "|" + eventId + "|" + image
                    + "|" + (deployment == null ? "" : deployment.eventName() + deployment.deploymentId());
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
