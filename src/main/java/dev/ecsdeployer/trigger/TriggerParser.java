package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.actual.PendingPreDeploy;
import dev.ecsdeployer.config.NameRules;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.report.Redaction;
import dev.ecsdeployer.trigger.Trigger.Command;
import dev.ecsdeployer.trigger.Trigger.DeploymentStateChange;
import dev.ecsdeployer.trigger.Trigger.EcrPush;
import dev.ecsdeployer.trigger.Trigger.Ignored;
import dev.ecsdeployer.trigger.Trigger.ParameterChange;
import dev.ecsdeployer.trigger.Trigger.Scheduled;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes an invocation payload into a {@link Trigger}. Pure; anything it cannot act on, however
 * hostile (too deep, too long, misspelt, names that are no AWS names), ends in an
 * {@link InvalidEventException} whose message says what is wrong and what is accepted, before any
 * AWS call.
 */
public final class TriggerParser {

    /** The Application Auto Scaling calls that change an ECS service's scaling: a hand edit to check at once. */
    static final List<String> SCALING_CALLS = List.of("PutScalingPolicy", "DeleteScalingPolicy",
            "RegisterScalableTarget", "DeregisterScalableTarget");

    static final String ACCEPTED = "accepted: EventBridge events 'ECR Image Action' (aws.ecr), 'Scheduled Event'"
            + " (aws.events), 'Parameter Store Change' (aws.ssm), 'ECS Deployment State Change' (aws.ecs),"
            + " 'ECS Task State Change' (aws.ecs, the deployer's pre-deploy tasks),"
            + " 'Drift Check Requested' (ecs-deployer), 'AWS API Call via CloudTrail' (aws.autoscaling: Application"
            + " Auto Scaling's " + String.join(", ", SCALING_CALLS) + " on an ECS service),"
            + " an ECS deployment lifecycle hook call (serviceArn,"
            + " targetServiceRevisionArn, productionTrafficWeights, testTrafficWeights),"
            + " or a command {\"command\": \"deploy\" | \"plan\" | \"drift-check\" | \"verify\", ...}";

    /** The role workload-account.yaml creates for the deployer to assume: its calls are the deployer's own. */
    static final String WORKLOAD_ROLE_NAME = "ecs-deployer-workload";

    /** EventBridge delivers events of at most 256 KB; a command is far smaller. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** An EventBridge event nests a few levels (envelope, detail, a list of objects); 64 leaves room. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** No field of an event is a number longer than a timestamp in milliseconds. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Field names are short identifiers. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** A string cannot be longer than the event. */
    public static final int MAX_STRING_LENGTH = MAX_EVENT_BYTES;

    static final String LIMITS = "an event may be at most " + MAX_EVENT_BYTES + " bytes, nest objects and arrays at"
            + " most " + MAX_NESTING_DEPTH + " levels deep, and hold numbers of at most " + MAX_NUMBER_LENGTH
            + " characters and field names of at most " + MAX_NAME_LENGTH + " characters";

    private static final ObjectMapper EVENTS = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .maxDocumentLength(MAX_EVENT_BYTES)
                            .build())
                    .build())
            // One meaning per event: a repeated field could be read one way here and another elsewhere.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The fields each command takes; anything else is a mistake worth telling the operator about. */
    static final Map<String, List<String>> COMMAND_FIELDS = Map.of(
            Command.DEPLOY, List.of("command", "environment", "service", "tag", "digest", "force"),
            Command.PLAN, List.of("command", "environment", "service", "tag", "digest"),
            Command.VERIFY, List.of("command", "environment", "service"),
            Command.HOLD, List.of("command", "environment", "service", "reason"),
            Command.RELEASE, List.of("command", "environment", "service", "force"),
            Command.ROLLBACK, List.of("command", "environment", "service", "force"),
            Command.DRIFT_CHECK, List.of("command", "environment"));
    private static final List<String> COMMANDS = List.of(Command.DEPLOY, Command.PLAN, Command.DRIFT_CHECK,
            Command.VERIFY, Command.HOLD, Command.RELEASE, Command.ROLLBACK);

    /** Longest piece of a value quoted back in a message. */
    private static final int SHOWN_LENGTH = 80;

    private final String environment;
    private final String ownRole;

    /**
     * @param environment the environment the function manages ({@code ECS_DEPLOYER_ENVIRONMENT}); empty when it
     *                    manages every environment under its prefix. Commands and drift-check shards for another
     *                    environment are rejected.
     */
    public TriggerParser(Optional<String> environment) {
        this(environment, Optional.empty());
    }

    /**
     * @param ownRole the function's execution role ({@code ECS_DEPLOYER_ROLE_ARN}): scaling calls made with it
     *                are the deployer's own writes, not hand edits
     */
    public TriggerParser(Optional<String> environment, Optional<String> ownRole) {
        this.environment = environment.filter(e -> !e.isBlank()).orElse(null);
        this.ownRole = ownRole.filter(r -> !r.isBlank()).orElse(null);
    }

    /**
     * Reads an invocation payload as JSON within the limits an event can have ({@link #LIMITS}); a payload
     * that is not JSON or breaks a limit is an {@link InvalidEventException}, never another exception.
     */
    public static JsonNode read(InputStream input) throws IOException {
        byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new InvalidEventException("the event is larger than " + MAX_EVENT_BYTES + " bytes");
        }
        return read(bytes);
    }

    static JsonNode read(byte[] bytes) {
        try {
            return EVENTS.readTree(bytes);
        } catch (StreamConstraintsException e) {
            // Carries no location (it is raised before a token exists): say which limit, from Jackson's message.
            throw new InvalidEventException("the event exceeds a limit (" + limitBroken(e.getOriginalMessage())
                    + "): " + LIMITS);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidEventException("the event is not valid JSON" + where + ": "
                    + shown(String.valueOf(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidEventException("the event cannot be read: " + shown(String.valueOf(e.getMessage())));
        }
    }

    private static String limitBroken(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("Document nesting depth")) {
            return "nested more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        if (m.startsWith("Number value length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (m.startsWith("String value length")) {
            return "a string longer than " + MAX_STRING_LENGTH + " characters";
        }
        if (m.startsWith("Name length")) {
            return "a field name longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (m.startsWith("Document length")) {
            return "longer than " + MAX_EVENT_BYTES + " bytes";
        }
        return shown(m);
    }

    public Trigger parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("the event is not a JSON object; " + ACCEPTED);
        }
        if (event.has("command")) {
            return command(event);
        }
        if (!event.has("detail-type") && event.has("serviceArn") && event.has("targetServiceRevisionArn")) {
            return LifecycleHooks.parse(event);
        }
        String detailType = text(event, "detail-type");
        String source = text(event, "source");
        if (detailType == null || source == null) {
            throw new InvalidEventException("the event has no 'detail-type' and 'source' and is no command; " + ACCEPTED);
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("event " + shown(detailType) + " has no 'detail' object");
        }
        return switch (source + "|" + detailType) {
            case "aws.ecr|ECR Image Action" -> ecrPush(event, detail);
            case "aws.events|Scheduled Event" -> new Scheduled(text(event, "id"), time(event));
            case "aws.ssm|Parameter Store Change" -> parameterChange(event, detail);
            case "aws.ecs|ECS Deployment State Change" -> deploymentStateChange(event, detail);
            case "aws.ecs|ECS Task State Change" -> taskStateChange(event, detail);
            case "ecs-deployer|Drift Check Requested" -> driftShard(detail);
            // Application Auto Scaling's calls reach EventBridge under its CloudTrail event source,
            // autoscaling.amazonaws.com (Application Auto Scaling user guide, "monitoring-eventbridge").
            case "aws.autoscaling|AWS API Call via CloudTrail" -> scalingApiCall(event, detail);
            default -> throw new InvalidEventException(
                    "unsupported event " + shown(detailType) + " from " + shown(source) + "; " + ACCEPTED);
        };
    }

    private static Trigger ecrPush(JsonNode event, JsonNode d) {
        String what = "ECR Image Action";
        String action = required(d, "action-type", what);
        String result = required(d, "result", what);
        if (!"PUSH".equals(action) || !"SUCCESS".equals(result)) {
            return new Ignored("ECR " + shown(action) + " " + shown(result) + ": only successful pushes deploy");
        }
        String repository = required(d, "repository-name", what);
        String digest = required(d, "image-digest", what);
        if (!ImageRef.isDigest(digest)) {
            throw new InvalidEventException(what + ": image-digest " + shown(digest) + " is not sha256:<64 hex digits>");
        }
        String tag = text(d, "image-tag");
        if (tag == null || tag.isEmpty()) {
            // Per-platform manifests of a multi-arch push arrive untagged; the tagged index deploys.
            return new Ignored("untagged push of " + shown(repository) + "@" + digest + ": only tagged pushes deploy");
        }
        String account = required(event, "account", what);
        String region = required(event, "region", what);
        // These name the image the task definition will run and the ECR calls that read it.
        check(NameRules.isEcrRepository(repository), what + ": repository-name " + shown(repository) + " "
                + NameRules.ECR_REPOSITORY_MESSAGE);
        check(NameRules.isImageTag(tag), what + ": image-tag " + shown(tag) + " " + NameRules.IMAGE_TAG_MESSAGE);
        check(NameRules.isAccount(account), what + ": account " + shown(account) + " must be 12 digits");
        check(NameRules.isRegion(region), what + ": region " + shown(region)
                + " must be an AWS region name such as us-east-1");
        return new EcrPush(text(event, "id"), time(event), account, region, repository, digest, tag);
    }

    private static Trigger parameterChange(JsonNode event, JsonNode d) {
        String what = "Parameter Store Change";
        String name = required(d, "name", what);
        // The name is read from SSM as it is: it must be one SSM could have sent.
        check(NameRules.isParameterName(name), what + ": name " + shown(name) + " " + NameRules.PARAMETER_NAME_MESSAGE);
        return new ParameterChange(name, required(d, "operation", what), text(event, "id"));
    }

    private static Trigger deploymentStateChange(JsonNode event, JsonNode d) {
        String what = "ECS Deployment State Change";
        JsonNode resources = event.get("resources");
        String arn = resources != null && resources.isArray() && !resources.isEmpty() ? resources.get(0).asText() : "";
        int at = arn.indexOf(":service/");
        String[] parts = at < 0 ? new String[0] : arn.substring(at + ":service/".length()).split("/", -1);
        if (parts.length != 2 || !NameRules.isEcsName(parts[0]) || !NameRules.isEcsName(parts[1])) {
            throw new InvalidEventException(what + ": resources[0] " + shown(arn)
                    + " is not a service ARN arn:aws:ecs:<region>:<account>:service/<cluster>/<service>, where cluster"
                    + " and service " + NameRules.SERVICE_MESSAGE);
        }
        return new DeploymentStateChange(Trigger.arnAccount(arn), parts[0], parts[1], required(d, "eventName", what),
                required(d, "deploymentId", what), text(d, "reason"), instant(text(d, "updatedAt"), what + " updatedAt"),
                text(event, "id"));
    }

    /**
     * A task's state changed: only a pre-deploy task the deployer started ({@code startedBy}), once
     * STOPPED, asks for anything; every other task change is ignored.
     */
    private static Trigger taskStateChange(JsonNode event, JsonNode d) {
        String what = "ECS Task State Change";
        String taskArn = required(d, "taskArn", what);
        String lastStatus = required(d, "lastStatus", what);
        if (!PendingPreDeploy.STARTED_BY.equals(text(d, "startedBy"))) {
            return new Ignored("task " + shown(taskArn) + " was not started by the deployer's pre-deploy (startedBy "
                    + shown(text(d, "startedBy")) + ")");
        }
        if (!"STOPPED".equals(lastStatus)) {
            return new Ignored("pre-deploy task " + shown(taskArn) + " is " + shown(lastStatus)
                    + ": only its stop decides the rollout");
        }
        String clusterArn = required(d, "clusterArn", what);
        int at = clusterArn.indexOf(":cluster/");
        String cluster = at < 0 ? "" : clusterArn.substring(at + ":cluster/".length());
        check(NameRules.isEcsName(cluster), what + ": clusterArn " + shown(clusterArn)
                + " is not a cluster ARN arn:aws:ecs:<region>:<account>:cluster/<name>, where the name "
                + NameRules.SERVICE_MESSAGE);
        String taskDefinitionArn = required(d, "taskDefinitionArn", what);
        int family = taskDefinitionArn.indexOf(":task-definition/");
        check(family > 0 && NameRules.isEcsName(taskDefinitionArn.substring(family + ":task-definition/".length())
                        .replaceFirst(":[0-9]+$", "")),
                what + ": taskDefinitionArn " + shown(taskDefinitionArn)
                        + " is not arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>");
        List<Trigger.ContainerExit> containers = new ArrayList<>();
        JsonNode list = d.get("containers");
        if (list != null && list.isArray()) {
            for (JsonNode c : list) {
                JsonNode exit = c.get("exitCode");
                containers.add(new Trigger.ContainerExit(text(c, "name"),
                        exit != null && exit.isInt() ? exit.asInt() : null, text(c, "reason")));
            }
        }
        return new Trigger.TaskStopped(cluster, taskArn, taskDefinitionArn, text(d, "stopCode"),
                text(d, "stoppedReason"), containers, text(event, "id"));
    }

    /**
     * A call that changed an ECS service's scaling. Only a successful call by someone other than the deployer
     * asks for anything: a failed one changed nothing, and the deployer's own (its function role, or the
     * workload role it assumes) wrote what its config says.
     */
    private Trigger scalingApiCall(JsonNode event, JsonNode d) {
        String what = "AWS API Call via CloudTrail";
        String eventName = required(d, "eventName", what);
        JsonNode additional = d.path("additionalEventData");
        if (!"autoscaling.amazonaws.com".equals(text(d, "eventSource"))
                || !"application-autoscaling".equals(text(additional, "service"))) {
            return new Ignored(shown(eventName) + " from " + shown(text(d, "eventSource")) + " is no Application Auto"
                    + " Scaling call (additionalEventData.service 'application-autoscaling'): EC2 Auto Scaling is not"
                    + " the deployer's");
        }
        if (!SCALING_CALLS.contains(eventName)) {
            return new Ignored("Application Auto Scaling " + shown(eventName) + " changes nothing the deployer"
                    + " manages; checked at once: " + String.join(", ", SCALING_CALLS));
        }
        JsonNode request = d.get("requestParameters");
        if (request == null || !request.isObject()) {
            throw new InvalidEventException(what + " " + eventName + ": 'requestParameters' is missing or not an"
                    + " object; it names serviceNamespace and resourceId");
        }
        String namespace = required(request, "serviceNamespace", what + " " + eventName + " requestParameters");
        String resourceId = required(request, "resourceId", what + " " + eventName + " requestParameters");
        if (!"ecs".equals(namespace)) {
            return new Ignored(eventName + " on " + shown(resourceId) + " in namespace " + shown(namespace)
                    + ": only ECS services' scaling is the deployer's");
        }
        String[] parts = resourceId.startsWith("service/") ? resourceId.substring("service/".length()).split("/", -1)
                : new String[0];
        check(parts.length == 2 && NameRules.isEcsName(parts[0]) && NameRules.isEcsName(parts[1]),
                what + " " + eventName + ": requestParameters.resourceId " + shown(resourceId)
                        + " is not an ECS service's service/<cluster>/<service>, where cluster and service "
                        + NameRules.SERVICE_MESSAGE);
        String account = required(event, "account", what);
        String region = required(event, "region", what);
        check(NameRules.isAccount(account), what + ": account " + shown(account) + " must be 12 digits");
        check(NameRules.isRegion(region), what + ": region " + shown(region)
                + " must be an AWS region name such as us-east-1");
        JsonNode identity = d.get("userIdentity");
        if (identity == null || !identity.isObject()) {
            throw new InvalidEventException(what + " " + eventName + ": 'userIdentity' is missing or not an object;"
                    + " it says who made the call");
        }
        String caller = caller(identity);
        String errorCode = text(d, "errorCode");
        if (errorCode != null) {
            return new Ignored(eventName + " on " + resourceId + " failed (" + shown(errorCode)
                    + "): it changed nothing");
        }
        if (caller != null && (caller.equals(ownRole) || isWorkloadRole(caller))) {
            return new Ignored(eventName + " on " + resourceId + " was made by the deployer itself (" + shown(caller)
                    + "): it wrote what the config says");
        }
        return new Trigger.ScalingApiCall(text(event, "id"), account, region, parts[0], parts[1], eventName,
                caller);
    }

    /**
     * Who made a call: for a role's session (a Lambda function's, an assumed role's) the role it was issued by,
     * which does not change from one session to the next; else the identity's ARN, or the service that called.
     */
    private static String caller(JsonNode identity) {
        String issuer = text(identity.path("sessionContext").path("sessionIssuer"), "arn");
        if (issuer != null) {
            return issuer;
        }
        String arn = text(identity, "arn");
        return arn != null ? arn : text(identity, "invokedBy");
    }

    /** The workload role, in any account: its trust policy lets only the deployer's role assume it. */
    private static boolean isWorkloadRole(String arn) {
        return arn.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/(.+/)?" + WORKLOAD_ROLE_NAME);
    }

    private Trigger driftShard(JsonNode d) {
        String what = "Drift Check Requested";
        String env = required(d, "environment", what);
        checkEnvironment(what, env);
        int shard = d.path("shard").asInt(-1);
        int shards = d.path("shards").asInt(0);
        if (!d.path("shard").isInt() || !d.path("shards").isInt() || shards < 1 || shard < 0 || shard >= shards) {
            throw new InvalidEventException(what + ": 'shard' and 'shards' must be integers with"
                    + " 0 <= shard < shards, were " + shown(d.path("shard").toString()) + " and "
                    + shown(d.path("shards").toString()));
        }
        Instant scheduledAt = null;
        if (d.hasNonNull("scheduledAt")) {
            try {
                scheduledAt = Instant.parse(d.get("scheduledAt").asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidEventException(what + ": 'scheduledAt' must be an ISO-8601 time such as"
                        + " 2026-12-07T13:00:00Z, was " + shown(d.get("scheduledAt").toString()));
            }
        }
        return new Trigger.DriftShard(env, shard, shards, shardServices(d.get("services"), what), scheduledAt);
    }

    /**
     * The config documents a shard checks (their last path segment), or null when the event names none
     * (one from before shards named their services: the shard reads the whole environment).
     */
    private static List<String> shardServices(JsonNode services, String what) {
        if (services == null || services.isNull()) {
            return null;
        }
        check(services.isArray(), what + ": 'services' must be an array of config names, was "
                + shown(services.toString()));
        List<String> names = new ArrayList<>();
        for (JsonNode s : services) {
            String name = s.isTextual() ? s.asText() : null;
            // One path segment under the environment: a name must not reach another environment's parameters.
            check(name != null && NameRules.isParameterName(name) && !name.contains("/")
                            && !ConfigLocation.DEFAULTS.equals(name),
                    what + ": service " + shown(name != null ? name : s.toString()) + " is not a config name (one SSM parameter name"
                            + " segment: letters, digits, '_', '.' or '-', not '" + ConfigLocation.DEFAULTS + "')");
            names.add(name);
        }
        return names;
    }

    private Trigger command(JsonNode event) {
        JsonNode commandNode = event.get("command");
        String command = commandNode.isTextual() ? commandNode.asText() : null;
        if (command == null || !COMMANDS.contains(command)) {
            throw new InvalidEventException("unknown command " + shown(command == null ? commandNode.toString() : command)
                    + "; allowed: " + String.join(", ", COMMANDS));
        }
        List<String> allowed = COMMAND_FIELDS.get(command);
        checkFields(event, command, allowed);
        String what = "command '" + command + "'";
        String env = optional(event, "environment", what);
        String service = optional(event, "service", what);
        String tag = optional(event, "tag", what);
        String digest = optional(event, "digest", what);
        String reason = optional(event, "reason", what);
        boolean force = flag(event, "force", what);
        if (!Command.DRIFT_CHECK.equals(command) && (env == null || service == null)) {
            throw new InvalidEventException(what + " needs 'environment' and 'service'");
        }
        if (env != null) {
            checkEnvironment(what, env);
        }
        if (service != null) {
            check(NameRules.isEcsName(service), what + ": service " + shown(service) + " "
                    + NameRules.SERVICE_MESSAGE);
            check(!ConfigLocation.DEFAULTS.equals(service), what + ": service '" + ConfigLocation.DEFAULTS
                    + "' is the environment's shared defaults document, not a service");
        }
        if (tag != null && digest != null) {
            throw new InvalidEventException(what + ": give 'tag' or 'digest', not both");
        }
        if (tag != null) {
            check(NameRules.isImageTag(tag), what + ": tag " + shown(tag) + " " + NameRules.IMAGE_TAG_MESSAGE);
        }
        if (digest != null) {
            check(ImageRef.isDigest(digest), what + ": digest " + shown(digest) + " is not sha256:<64 hex digits>");
        }
        return switch (command) {
            case Command.DEPLOY -> new Trigger.Deploy(env, service, tag, digest, force);
            case Command.PLAN -> new Trigger.Plan(env, service, tag, digest);
            case Command.VERIFY -> new Trigger.Verify(env, service);
            case Command.HOLD -> new Trigger.Hold(env, service, holdReason(reason));
            case Command.RELEASE -> new Trigger.Release(env, service, force);
            case Command.ROLLBACK -> new Trigger.Rollback(env, service, force);
            default -> new Trigger.DriftCheck(env);
        };
    }

    /**
     * A hold's reason, kept on the service as a tag value: at most 200 characters of those ECS allows in
     * one (letters, digits, spaces and {@code + - = . _ : / @}).
     */
    private static String holdReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        check(reason.length() <= 200, "command 'hold': reason is " + reason.length()
                + " characters; at most 200 (it is kept as a tag on the service)");
        check(reason.matches("[\\p{L}\\p{N} +\\-=._:/@]+"), "command 'hold': reason " + shown(reason)
                + " may hold only letters, digits, spaces and + - = . _ : / @ (it is kept as a tag on the service)");
        return reason.trim();
    }

    /** Every field of a command must be one it takes: a misspelt 'digest' must not deploy the followed tag. */
    private static void checkFields(JsonNode event, String command, List<String> allowed) {
        List<String> problems = new ArrayList<>();
        Iterator<String> names = event.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (allowed.contains(name)) {
                continue;
            }
            String problem = "unknown field " + shown(name);
            Optional<String> near = NameRules.nearest(name, allowed);
            if (near.isPresent()) {
                problem += "; did you mean '" + near.get() + "'?";
            } else if (COMMAND_FIELDS.values().stream().anyMatch(fields -> fields.contains(name))) {
                problem += " for command '" + command + "';";
            } else {
                problem += ";";
            }
            problems.add(problem);
            if (problems.size() == 5) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(String.join(" ", problems) + " allowed: " + String.join(", ", allowed));
        }
    }

    /** Names the environment must have: a valid one, and the function's own when it has one. */
    private void checkEnvironment(String what, String env) {
        check(NameRules.isEnvironment(env), what + ": environment " + shown(env) + " " + NameRules.ENVIRONMENT_MESSAGE);
        if (environment != null && !environment.equals(env)) {
            throw new InvalidEventException(what + " is for environment '" + env + "', but this function manages"
                    + " environment '" + environment + "' only (ECS_DEPLOYER_ENVIRONMENT); send it to that"
                    + " environment's deployer");
        }
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
            throw new InvalidEventException(what + " " + shown(value)
                    + " is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidEventException(message);
        }
    }

    private static String required(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value == null) {
            throw new InvalidEventException(what + ": field '" + field + "' is missing or not a string");
        }
        return value;
    }

    /** A string field that may be left out (or null); any other JSON type is a mistake. */
    private static String optional(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidEventException(what + ": field '" + field + "' must be a string, was "
                    + shown(v.toString()));
        }
        return v.asText();
    }

    /** A true/false field; absent is false. */
    private static boolean flag(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidEventException(what + ": field '" + field + "' must be true or false, was "
                    + shown(v.toString()));
        }
        return v.asBoolean();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /**
     * A value from the event as it may appear in a message (the answer and a log line): quoted, cut to
     * {@value #SHOWN_LENGTH} characters, control characters escaped, credentials masked.
     */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String masked = Redaction.maskText(value);
        String cut = masked.length() > SHOWN_LENGTH ? masked.substring(0, SHOWN_LENGTH) + "..." : masked;
        StringBuilder out = new StringBuilder("'");
        for (char c : cut.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
