package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a merged document's structure against the published JSON Schema
 * ({@code schema/service-config.schema.json}, packaged as the classpath resource {@value #RESOURCE}): unknown
 * fields, JSON types, required fields and the fixed lists of words (cpuArchitecture, driftPolicy, statistics,
 * operators). Every value that does not fit is removed, so the rest can still be bound and validated and the user
 * sees all problems in one pass. JSON {@code null} in an object counts as absent.
 * <p>
 * Only the schema's structure keywords run here (the schema is read and built once). Its value rules (patterns,
 * ranges, numeric lists such as the Fargate sizes, and the conditionals) are {@link ConfigValidator}'s: it checks
 * them on the resolved config, after defaults, and words them in AWS's terms; {@code SchemaAgreementTest} proves
 * the whole schema and the parser accept and reject the same documents.
 */
final class ConfigSchema {

    static final String RESOURCE = "schema/service-config.schema.json";

    /** The keywords that say what a document is made of; every other keyword is a value rule. */
    private static final Set<String> STRUCTURE = Set.of(
            "$schema", "$id", "type", "properties", "additionalProperties", "required", "items", "enum");

    private static final ConfigSchema INSTANCE = load();

    private final JsonNode structure;
    private final JsonSchema schema;

    private ConfigSchema(JsonNode structure, JsonSchema schema) {
        this.structure = structure;
        this.schema = schema;
    }

    /** Checks and prunes {@code document} in place; returns the problems found, in the schema's order. */
    static List<ConfigError> check(ObjectNode document) {
        return INSTANCE.checkAndPrune(document);
    }

    private List<ConfigError> checkAndPrune(ObjectNode document) {
        removeNulls(document);
        List<ConfigError> errors = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        List<JsonNodePath> misfits = new ArrayList<>();
        for (ValidationMessage message : schema.validate(document)) {
            boolean required = message.getType().equals("required");
            boolean unknown = message.getType().equals("additionalProperties");
            JsonNodePath at = required || unknown
                    ? message.getInstanceLocation().append(message.getProperty())
                    : message.getInstanceLocation();
            // A value both of the wrong type and not in a list is reported once, as the first.
            if (!reported.add(at.toString())) {
                continue;
            }
            String path = dotted(at);
            switch (message.getType()) {
                case "required" -> errors.add(new ConfigError(path, null, requiredMessage(at)));
                case "additionalProperties" -> errors.add(new ConfigError(path, null,
                        unknownFieldMessage(message.getProperty(), knownFields(message.getEvaluationPath()))));
                case "type" -> errors.add(new ConfigError(path, JsonText.of(message.getInstanceNode()),
                        typeMessage(message.getSchemaNode().asText())));
                case "enum" -> errors.add(new ConfigError(path, JsonText.of(message.getInstanceNode()),
                        "must be one of " + words(message.getSchemaNode())));
                default -> throw new IllegalStateException("not a structure keyword: " + message.getType());
            }
            if (!required) {
                misfits.add(at);
            }
        }
        prune(document, misfits);
        return errors;
    }

    private static String typeMessage(String type) {
        return switch (type) {
            case "string" -> "must be a string";
            case "integer" -> "must be an integer";
            case "number" -> "must be a number";
            case "boolean" -> "must be true or false";
            case "array" -> "must be an array";
            default -> "must be an object";
        };
    }

    private static String requiredMessage(JsonNodePath at) {
        if (at.getNameCount() == 1 && at.getName(0).equals("project")) {
            return "is required (set it here or in the environment's _defaults document)";
        }
        return "is required";
    }

    private static String unknownFieldMessage(String name, List<String> known) {
        return NameRules.nearest(name, known)
                .map(nearest -> "is not a known field; did you mean \"" + nearest + "\"?")
                .orElse("is not a known field; known fields: " + String.join(", ", known));
    }

    /** The fields the object schema holding this {@code additionalProperties: false} lists, in its order. */
    private List<String> knownFields(JsonNodePath additionalProperties) {
        JsonNode object = structure;
        for (int i = 0; i < additionalProperties.getNameCount() - 1; i++) {
            object = object.path(additionalProperties.getName(i));
        }
        List<String> names = new ArrayList<>();
        object.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String words(JsonNode values) {
        List<String> words = new ArrayList<>();
        values.forEach(value -> words.add(value.asText()));
        return String.join(", ", words);
    }

    /** {@code service.subnets[0]}: names joined by dots, list indexes in brackets. */
    private static String dotted(JsonNodePath at) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < at.getNameCount(); i++) {
            Object element = at.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        return path.toString();
    }

    /**
     * Removes the misfits, deepest first and list items from the highest index down, so that the paths still to
     * remove keep pointing at their values.
     */
    private static void prune(ObjectNode document, List<JsonNodePath> misfits) {
        misfits.sort(Comparator.comparingInt(JsonNodePath::getNameCount)
                .thenComparingInt(at -> at.getElement(at.getNameCount() - 1) instanceof Integer index ? index : -1)
                .reversed());
        for (JsonNodePath at : misfits) {
            JsonNode parent = document;
            for (int i = 0; i < at.getNameCount() - 1; i++) {
                Object element = at.getElement(i);
                parent = element instanceof Integer index ? parent.path(index) : parent.path((String) element);
            }
            Object last = at.getElement(at.getNameCount() - 1);
            if (parent instanceof ArrayNode array && last instanceof Integer index) {
                array.remove(index);
            } else if (parent instanceof ObjectNode object) {
                object.remove(String.valueOf(last));
            }
        }
    }

    private static void removeNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
        }
        node.forEach(ConfigSchema::removeNulls);
    }

    private static ConfigSchema load() {
        JsonNode published;
        try (InputStream in = ConfigSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            published = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        JsonNode structure = structureOf(published);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // The messages are worded here: no resource bundles to load (or to register in a native image).
                .messageSource((key, defaultMessage, locale, arguments) -> key)
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(structure, config);
        schema.initializeValidators();
        return new ConfigSchema(structure, schema);
    }

    /** The schema with only its {@link #STRUCTURE} keywords, and only the lists of words among its enums. */
    static JsonNode structureOf(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        ObjectNode kept = object.objectNode();
        object.properties().forEach(keyword -> {
            String name = keyword.getKey();
            JsonNode value = keyword.getValue();
            if (name.equals("properties")) {
                ObjectNode fields = kept.putObject("properties");
                value.properties().forEach(field -> fields.set(field.getKey(), structureOf(field.getValue())));
            } else if (name.equals("enum") ? isListOfWords(value) : STRUCTURE.contains(name)) {
                kept.set(name, structureOf(value));
            }
        });
        return kept;
    }

    // Numeric lists (Fargate cpu, retention days) are value rules, worded by ConfigValidator.
    private static boolean isListOfWords(JsonNode values) {
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
