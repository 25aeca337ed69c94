package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.trigger.Trigger.Command;
import dev.ecsdeployer.trigger.Trigger.DeploymentStateChange;
import dev.ecsdeployer.trigger.Trigger.EcrPush;
import dev.ecsdeployer.trigger.Trigger.Ignored;
import dev.ecsdeployer.trigger.Trigger.ParameterChange;
import dev.ecsdeployer.trigger.Trigger.Scheduled;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Decodes an invocation payload into a {@link Trigger}. Pure; rejects unknown shapes with a clear message. */
public final class TriggerParser {

    static final String ACCEPTED = "accepted: EventBridge events 'ECR Image Action' (aws.ecr), 'Scheduled Event'"
            + " (aws.events), 'Parameter Store Change' (aws.ssm), 'ECS Deployment State Change' (aws.ecs),"
            + " 'Drift Check Requested' (ecs-deployer),"
            + " or a command {\"command\": \"deploy\" | \"plan\" | \"drift-check\" | \"verify\", ...}";

    private TriggerParser() {
    }

    public static Trigger parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("the event is not a JSON object; " + ACCEPTED);
        }
        if (event.has("command")) {
            return command(event);
        }
        String detailType = text(event, "detail-type");
        String source = text(event, "source");
        if (detailType == null || source == null) {
            throw new InvalidEventException("the event has no 'detail-type' and 'source' and is no command; " + ACCEPTED);
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("event '" + detailType + "' has no 'detail' object");
        }
        return switch (source + "|" + detailType) {
            case "aws.ecr|ECR Image Action" -> ecrPush(event, detail);
            case "aws.events|Scheduled Event" -> new Scheduled(text(event, "id"), time(event));
            case "aws.ssm|Parameter Store Change" -> new ParameterChange(
                    required(detail, "name", "Parameter Store Change"),
                    required(detail, "operation", "Parameter Store Change"), text(event, "id"));
            case "aws.ecs|ECS Deployment State Change" -> deploymentStateChange(event, detail);
            case "ecs-deployer|Drift Check Requested" -> driftShard(detail);
            default -> throw new InvalidEventException(
                    "unsupported event '" + detailType + "' from '" + source + "'; " + ACCEPTED);
        };
    }

    private static Trigger ecrPush(JsonNode event, JsonNode d) {
        String what = "ECR Image Action";
        String action = required(d, "action-type", what);
        String result = required(d, "result", what);
        if (!"PUSH".equals(action) || !"SUCCESS".equals(result)) {
            return new Ignored("ECR " + action + " " + result + ": only successful pushes deploy");
        }
        String repository = required(d, "repository-name", what);
        String digest = required(d, "image-digest", what);
        if (!ImageRef.isDigest(digest)) {
            throw new InvalidEventException(what + ": image-digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        String tag = text(d, "image-tag");
        if (tag == null || tag.isEmpty()) {
            // Per-platform manifests of a multi-arch push arrive untagged; the tagged index deploys.
            return new Ignored("untagged push of " + repository + "@" + digest + ": only tagged pushes deploy");
        }
        String account = required(event, "account", what);
        String region = required(event, "region", what);
        return new EcrPush(text(event, "id"), time(event), account, region, repository, digest, tag);
    }

    private static Trigger deploymentStateChange(JsonNode event, JsonNode d) {
        String what = "ECS Deployment State Change";
        JsonNode resources = event.get("resources");
        String arn = resources != null && resources.isArray() && !resources.isEmpty() ? resources.get(0).asText() : "";
        int at = arn.indexOf(":service/");
        String[] parts = at < 0 ? new String[0] : arn.substring(at + ":service/".length()).split("/");
        if (parts.length != 2) {
            throw new InvalidEventException(what + ": resources[0] '" + arn
                    + "' is not a service ARN arn:aws:ecs:<region>:<account>:service/<cluster>/<service>");
        }
        return new DeploymentStateChange(parts[0], parts[1], required(d, "eventName", what),
                required(d, "deploymentId", what), text(d, "reason"), instant(text(d, "updatedAt"), what + " updatedAt"),
                text(event, "id"));
    }

    private static Trigger driftShard(JsonNode d) {
        String environment = required(d, "environment", "Drift Check Requested");
        int shard = d.path("shard").asInt(-1);
        int shards = d.path("shards").asInt(0);
        if (!d.path("shard").isInt() || !d.path("shards").isInt() || shards < 1 || shard < 0 || shard >= shards) {
            throw new InvalidEventException("Drift Check Requested: 'shard' and 'shards' must be integers with"
                    + " 0 <= shard < shards, were " + d.path("shard") + " and " + d.path("shards"));
        }
        return new Trigger.DriftShard(environment, shard, shards);
    }

    private static Trigger command(JsonNode event) {
        String command = text(event, "command");
        List<String> known = List.of(Command.DEPLOY, Command.PLAN, Command.DRIFT_CHECK, Command.VERIFY);
        if (!known.contains(command)) {
            throw new InvalidEventException("unknown command '" + command + "'; allowed: " + String.join(", ", known));
        }
        String environment = text(event, "environment");
        String service = text(event, "service");
        String tag = text(event, "tag");
        String digest = text(event, "digest");
        if (!Command.DRIFT_CHECK.equals(command)) {
            if (environment == null || service == null) {
                throw new InvalidEventException("command '" + command + "' needs 'environment' and 'service'");
            }
            if (tag != null && digest != null) {
                throw new InvalidEventException("command '" + command + "': give 'tag' or 'digest', not both");
            }
            if (digest != null && !ImageRef.isDigest(digest)) {
                throw new InvalidEventException("command '" + command + "': digest '" + digest
                        + "' is not sha256:<64 hex digits>");
            }
        }
        return new Command(command, environment, service, tag, digest);
    }

    private static Instant time(JsonNode event) {
        return instant(text(event, "time"), "event time");
    }

    private static Instant instant(String value, String what) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(what + " '" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static String required(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value == null) {
            throw new InvalidEventException(what + ": field '" + field + "' is missing or not a string");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
