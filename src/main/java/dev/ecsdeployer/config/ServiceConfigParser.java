package dev.ecsdeployer.config;

import java.util.TreeMap;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a service's config document (and its environment's {@code _defaults} document) into a
 * fully resolved {@link ServiceConfig}, or into the list of every problem found. Pure: no AWS,
 * no exceptions for bad input.
 */
public final class ServiceConfigParser {

    /** SSM's Advanced tier holds up to 8 KB; the Standard tier 4 KB. */
    static final int MAX_DOCUMENT_BYTES = 8192;
    static final int STANDARD_TIER_BYTES = 4096;
    /**
     * The {@code _defaults} field that lets an environment's configs name their ECS service, task family and log
     * group other than by their parameter name. Only {@code _defaults} may set it: a service's own document
     * cannot give itself leave to manage another's resources.
     */
    public static final String ALLOW_NAME_OVERRIDES = "allowNameOverrides";
    /** Bounds the binding retries on a hostile document full of huge numbers. */
    private static final int MAX_OUT_OF_RANGE = 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param location     where the service document lives (gives the default name and environment)
     * @param serviceJson  the service document
     * @param defaultsJson the environment's {@code _defaults} document, or null when there is none
     */
    /**
     * Every service config of an environment, in name order; two configs that name one ECS service,
     * task family or log group are both invalid, each naming the other ({@link ConfigConflicts}).
     */
    public List<ConfigResult> parseEnvironment(SsmConfigStore.EnvironmentDocuments env) {
        List<ConfigResult> all = new ArrayList<>();
        new TreeMap<>(env.services()).forEach((name, doc) -> all.add(parse(
                new ConfigLocation(env.prefix(), env.environment(), name), doc, env.defaults())));
        return ConfigConflicts.check(all);
    }

    /**
     * The account an environment's {@code _defaults} document names, or null: none, or a document that does
     * not read (each service's own parse reports why).
     */
    public AccountConfig accountOf(String defaultsJson) {
        if (defaultsJson == null || defaultsJson.isBlank()) {
            return null;
        }
        try {
            JsonNode account = MAPPER.readTree(defaultsJson).get(AccountRules.FIELD);
            return account == null || !account.isObject() ? null : MAPPER.treeToValue(account, AccountConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    public ConfigResult parse(ConfigLocation location, String serviceJson, String defaultsJson) {
        Objects.requireNonNull(location, "location");
        List<ConfigError> errors = new ArrayList<>();
        if (location.isDefaults()) {
            errors.add(new ConfigError(location.parameterName(), null,
                    "is the environment's shared defaults document, not a service; it is merged under each service"));
            return ConfigResult.invalid(location, errors);
        }
        ObjectNode service = read(location.parameterName(), serviceJson, errors);
        ObjectNode defaults = defaultsJson == null
                ? MAPPER.createObjectNode()
                : read(location.defaultsParameterName(), defaultsJson, errors);
        if (service == null || defaults == null) {
            return ConfigResult.invalid(location, errors);
        }
        boolean allowNameOverrides = allowNameOverrides(location, service, defaults, errors);
        errors.addAll(perServiceOnly(location, defaults));
        errors.addAll(AccountRules.notInService(location, service));
        if (service.path("image").has("sidecarRegistries")) {
            errors.add(new ConfigError("image.sidecarRegistries", JsonText.of(service.path("image").get("sidecarRegistries")),
                    "may be set only in the environment's defaults document " + location.defaultsParameterName()
                            + ": a service's config cannot allow itself images from other registries"));
            ((ObjectNode) service.get("image")).remove("sidecarRegistries");
        }
        ObjectNode merged = DefaultsMerger.merge(defaults, service);
        errors.addAll(ConfigSchema.check(merged));
        errors.addAll(AccountRules.check(merged));
        ServiceConfig bound = bind(location, merged, errors);
        if (bound == null) {
            return ConfigResult.invalid(location, errors);
        }
        ServiceConfig resolved = ConfigDefaults.resolve(bound, location);
        errors.addAll(ConfigValidator.validate(resolved, location, allowNameOverrides));
        return errors.isEmpty() ? ConfigResult.valid(location, resolved) : ConfigResult.invalid(location, errors);
    }

    /**
     * The document as records. JSON Schema allows integers of any size, the records hold Java ints: each number
     * too large for one is reported and removed, and the rest bound.
     */
    private static ServiceConfig bind(ConfigLocation location, ObjectNode merged, List<ConfigError> errors) {
        for (int attempt = 0; attempt <= MAX_OUT_OF_RANGE; attempt++) {
            try {
                return MAPPER.treeToValue(merged, ServiceConfig.class);
            } catch (JsonMappingException e) {
                if (attempt == MAX_OUT_OF_RANGE || !removeOutOfRange(merged, e.getPath(), errors)) {
                    // The structure check should have caught this; still a report, never a stack trace.
                    errors.add(new ConfigError(location.parameterName(), null, "cannot be read: " + e.getOriginalMessage()));
                    return null;
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                errors.add(new ConfigError(location.parameterName(), null, "cannot be read: " + e.getMessage()));
                return null;
            }
        }
        return null;
    }

    /** Reports and removes the integer at {@code path} if it is one too large for an int; false if it is not. */
    private static boolean removeOutOfRange(ObjectNode merged, List<JsonMappingException.Reference> path,
                                            List<ConfigError> errors) {
        JsonNode parent = merged;
        StringBuilder dotted = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            JsonMappingException.Reference step = path.get(i);
            JsonNode child = step.getFieldName() != null ? parent.get(step.getFieldName()) : parent.get(step.getIndex());
            if (child == null) {
                return false;
            }
            dotted.append(step.getFieldName() != null ? (dotted.isEmpty() ? "" : ".") + step.getFieldName()
                    : "[" + step.getIndex() + "]");
            if (i == path.size() - 1) {
                if (!child.isNumber() || child.canConvertToInt()) {
                    return false;
                }
                errors.add(new ConfigError(dotted.toString(), JsonText.of(child),
                        "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE));
                if (parent instanceof ObjectNode object) {
                    object.remove(step.getFieldName());
                } else {
                    ((ArrayNode) parent).remove(step.getIndex());
                }
                return true;
            }
            parent = child;
        }
        return false;
    }

    /**
     * Takes {@value #ALLOW_NAME_OVERRIDES} out of both documents (it is no part of a service's config) and says
     * whether {@code _defaults} allows name overrides; set in the service document, it is an error and allows
     * nothing.
     */
    private static boolean allowNameOverrides(ConfigLocation location, ObjectNode service, ObjectNode defaults,
                                              List<ConfigError> errors) {
        JsonNode own = service.remove(ALLOW_NAME_OVERRIDES);
        if (own != null) {
            errors.add(new ConfigError(ALLOW_NAME_OVERRIDES, JsonText.of(own), "may be set only in the environment's"
                    + " defaults document " + location.defaultsParameterName() + ": a service's config cannot give"
                    + " itself leave to manage names other than its own"));
        }
        JsonNode allowed = defaults.remove(ALLOW_NAME_OVERRIDES);
        if (allowed == null || allowed.isNull()) {
            return false;
        }
        if (!allowed.isBoolean()) {
            errors.add(new ConfigError(ALLOW_NAME_OVERRIDES, JsonText.of(allowed), "must be true or false (in "
                    + location.defaultsParameterName() + ")"));
            return false;
        }
        return allowed.booleanValue();
    }

    /**
     * A task role and secrets are a service's own reach, granted by a tag on the role or secret for that
     * service: in {@code _defaults} they would hand every service of the environment the same reach on
     * one write, so they are refused there.
     */
    private static List<ConfigError> perServiceOnly(ConfigLocation location, ObjectNode defaults) {
        List<ConfigError> errors = new ArrayList<>();
        JsonNode td = defaults.path("taskDefinition");
        if (td.has("containers")) {
            td.path("containers").forEach(c -> {
                if (c.has("secrets")) {
                    errors.add(new ConfigError("taskDefinition.containers", null, "may not set secrets in the"
                            + " environment's defaults document " + location.defaultsParameterName() + ": secrets are"
                            + " per service"));
                }
            });
        }
        for (String field : List.of("taskRoleArn", "secrets")) {
            if (td.has(field)) {
                errors.add(new ConfigError("taskDefinition." + field, JsonText.of(td.get(field)), "may not be set in the"
                        + " environment's defaults document " + location.defaultsParameterName() + ": a task role and"
                        + " secrets are per service; set them in each service's own document, and tag the role or"
                        + " secret " + ReachTag.KEY + " for the services that use it"));
            }
        }
        return errors;
    }

    /** The document as a JSON object, or null after recording why it is not one. */
    private static ObjectNode read(String label, String json, List<ConfigError> errors) {
        if (json == null || json.isBlank()) {
            errors.add(new ConfigError(label, null, "is empty; a config is a JSON object"));
            return null;
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DOCUMENT_BYTES) {
            errors.add(new ConfigError(label, null, "is " + bytes + " bytes; an SSM parameter holds at most "
                    + MAX_DOCUMENT_BYTES + " bytes (Advanced tier; the Standard tier holds " + STANDARD_TIER_BYTES
                    + "). Move shared values to the environment's _defaults document"));
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            errors.add(new ConfigError(label, null, "is not valid JSON" + where + ": " + e.getOriginalMessage()));
            return null;
        }
        if (!(tree instanceof ObjectNode object)) {
            errors.add(new ConfigError(label, null, "must be a JSON object, not " + tree.getNodeType().name().toLowerCase()));
            return null;
        }
        return object;
    }
}
