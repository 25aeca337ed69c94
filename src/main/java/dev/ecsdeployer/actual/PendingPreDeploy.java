package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ImageRef;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pre-deploy task the deployer started and whose stop it waits for before rolling out {@code image},
 * kept in the service's tags (like every other record of the deployer), so that the task's stop event,
 * a newer push and the drift check all see it. The request's push time or operator time travel with it:
 * the rollout after the task exits 0 is ordered as the push or command that asked for it.
 *
 * @param taskId      the task's id (the last part of its ARN: a whole ARN can outgrow a tag value)
 * @param requestedAt an operator's deploy: when it was asked for; null for an automatic one
 */
public record PendingPreDeploy(String taskId, ImageRef image, Instant startedAt, Instant pushedAt,
                               Instant requestedAt) {

    public static final String TASK = "ecs-deployer:pre-deploy-task";
    public static final String IMAGE = "ecs-deployer:pre-deploy-image";
    public static final String STARTED_AT = "ecs-deployer:pre-deploy-started-at";
    public static final String PUSHED_AT = "ecs-deployer:pre-deploy-pushed-at";
    public static final String REQUESTED_AT = "ecs-deployer:pre-deploy-requested-at";

    /** RunTask's {@code startedBy} (letters, digits, - / _; at most 36) and {@code group}: the tasks are the deployer's. */
    public static final String STARTED_BY = "ecs-deployer/pre-deploy";
    public static final String GROUP = "ecs-deployer:pre-deploy";

    /** The pending pre-deploy recorded in a service's tags; empty values (as after it settled) mean none. */
    public static Optional<PendingPreDeploy> of(Map<String, String> tags) {
        String task = tags.get(TASK);
        ImageRef image = ImageRef.parse(tags.get(IMAGE));
        if (task == null || task.isBlank() || image == null) {
            return Optional.empty();
        }
        return Optional.of(new PendingPreDeploy(task, image, instant(tags.get(STARTED_AT)),
                instant(tags.get(PUSHED_AT)), instant(tags.get(REQUESTED_AT))));
    }

    /** The tags that record it. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TASK, taskId);
        tags.put(IMAGE, image.image());
        tags.put(STARTED_AT, text(startedAt));
        tags.put(PUSHED_AT, text(pushedAt));
        tags.put(REQUESTED_AT, text(requestedAt));
        return tags;
    }

    /** The tags that say none is pending: the deployer's role tags, it does not untag. */
    public static Map<String, String> cleared() {
        return Map.of(TASK, "", IMAGE, "", STARTED_AT, "", PUSHED_AT, "", REQUESTED_AT, "");
    }

    /** The id in a task ARN ({@code arn:...:task/<cluster>/<id>}), or the value itself when it is an id. */
    public static String taskId(String taskArn) {
        return taskArn == null ? null : taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** How long it has run; 0 when its start is not known. */
    public long minutesRunning(Instant now) {
        return startedAt == null ? 0 : Duration.between(startedAt, now).toMinutes();
    }

    public boolean expired(Instant now, int timeoutMinutes) {
        return minutesRunning(now) >= timeoutMinutes;
    }

    /** For reports: which task, of which image, since when. */
    public String describe() {
        return "pre-deploy task " + taskId + " of image " + image.image()
                + (startedAt == null ? "" : " (started " + startedAt + ")");
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static Instant instant(String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
