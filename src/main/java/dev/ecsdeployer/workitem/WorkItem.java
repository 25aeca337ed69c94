package dev.ecsdeployer.workitem;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
 * <p>On the wire the type is the {@code kind} property, as in the messages of earlier versions
 * (one record with a {@code kind} field), so items queued before an upgrade are still read.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkItem.Push.class, name = "PUSH"),
        @JsonSubTypes.Type(value = WorkItem.ConfigChange.class, name = "CONFIG_CHANGE"),
        @JsonSubTypes.Type(value = WorkItem.Heal.class, name = "HEAL"),
        @JsonSubTypes.Type(value = WorkItem.Deploy.class, name = "DEPLOY"),
        @JsonSubTypes.Type(value = WorkItem.Outcome.class, name = "OUTCOME"),
        @JsonSubTypes.Type(value = WorkItem.Hold.class, name = "HOLD"),
        @JsonSubTypes.Type(value = WorkItem.Release.class, name = "RELEASE"),
        @JsonSubTypes.Type(value = WorkItem.PreDeployStopped.class, name = "PRE_DEPLOY_STOPPED"),
        @JsonSubTypes.Type(value = WorkItem.PreDeployTimedOut.class, name = "PRE_DEPLOY_TIMED_OUT")})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface WorkItem {

    String environment();

    String service();

    /** The triggering event's id (or the invocation's request id for a command). */
    String eventId();

    /**
     * A followed repository and tag was pushed.
     *
     * @param image    the image to run, {@code <repository-uri>@sha256:...}
     * @param pushedAt when the push event says it was pushed; the worker caps it at the time it works
     *                 the item, so no item can claim a push from the future
     * @param notices  what the checks before queueing could not confirm (an undetermined image platform)
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Push(String environment, String service, String eventId, String image, String tag, Instant pushedAt,
                List<String> notices) implements WorkItem {

        public Push {
            notices = notices == null || notices.isEmpty() ? null : List.copyOf(notices);
        }

        public List<String> noticesOrEmpty() {
            return notices == null ? List.of() : notices;
        }
    }

    /** The service's config (or its environment's {@code _defaults}) changed. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConfigChange(String environment, String service, String eventId) implements WorkItem {
    }

    /** A drift check found differences the config allows it to put back. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Heal(String environment, String service, String eventId) implements WorkItem {
    }

    /**
     * An operator's {@code deploy} command.
     *
     * @param requestedAt when the operator asked: pushes from before it are not applied automatically
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Deploy(String environment, String service, String eventId, String image, Instant requestedAt)
            implements WorkItem {
    }

    /**
     * An operator's {@code hold}: queued behind the service's earlier items, so a push queued before
     * the hold still deploys and every one after it waits.
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Hold(String environment, String service, String eventId, String reason, Instant requestedAt)
            implements WorkItem {
    }

    /** An operator's {@code release} of a hold. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Release(String environment, String service, String eventId, Boolean force) implements WorkItem {

        /** Whether it may deploy during a deploy freeze (an operator's {@code "force": true}). */
        public boolean forced() {
            return Boolean.TRUE.equals(force);
        }
    }

    /** An ECS deployment of the service changed state. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Outcome(String environment, String service, String eventId, Deployment deployment) implements WorkItem {
    }

    /** An {@code ECS Deployment State Change}, as the outcome needs it. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Deployment(String cluster, String service, String eventName, String deploymentId, String reason,
                      Instant updatedAt, String account) {
    }

    /**
     * A pre-deploy task of the service stopped ({@code ECS Task State Change}): the exit of the service's
     * container decides whether the image it ran is rolled out.
     *
     * @param container the service's container (the one the command ran in), its exit code (null when it
     *                  has none) and ECS's reason
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreDeployStopped(String environment, String service, String eventId, String taskArn,
                            String taskDefinitionArn, String container, Integer exitCode, String containerReason,
                            String stopCode, String stoppedReason) implements WorkItem {
    }

    /** The drift check found the service's pre-deploy task running past its timeout. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreDeployTimedOut(String environment, String service, String eventId, String taskId) implements WorkItem {
    }

    /** The trigger's name in reports and logs. */
    default String trigger() {
        return switch (this) {
            case Push p -> "ecr-push";
            case ConfigChange c -> "config-change";
            case Heal h -> "drift-heal";
            case Deploy d -> "deploy";
            case Outcome o -> "deployment-state-change";
            case Hold h -> "hold";
            case Release r -> "release";
            case PreDeployStopped p -> "pre-deploy";
            case PreDeployTimedOut p -> "pre-deploy-timeout";
        };
    }

    /** The FIFO message group: one per service, so one worker per service at a time. */
    default String groupId() {
        return environment() + "/" + service();
    }

    /**
     * The FIFO deduplication id: the same event for the same service is queued once (SQS remembers
     * it for five minutes), so a redelivered event or a retried front adds no second item.
     */
    default String deduplicationId() {
        String what = switch (this) {
            case Push p -> "PUSH|" + p.image();
            case ConfigChange c -> "CONFIG_CHANGE|null";
            case Heal h -> "HEAL|null";
            case Deploy d -> "DEPLOY|" + d.image();
            case Outcome o -> "OUTCOME|null|" + o.deployment().eventName() + o.deployment().deploymentId();
            case Hold h -> "HOLD|" + h.reason();
            case Release r -> "RELEASE|null";
            case PreDeployStopped p -> "PRE_DEPLOY_STOPPED|" + p.taskArn();
            case PreDeployTimedOut p -> "PRE_DEPLOY_TIMED_OUT|" + p.taskId();
        };
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = what + "|" + groupId() + "|" + eventId();
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
