package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published schema and the parser accept and reject the same documents. The parser checks a document's
 * structure with the schema itself, binds it to records that must hold exactly the schema's fields, and checks
 * the values in Java (worded in AWS's terms). The schema cannot
 * express the rules that compare fields with each other or with the parameter name; those
 * cases are marked parser-only in {@link RejectedCases}, listed in {@link #PARSER_ONLY_RULES},
 * and the schema is shown to accept them (so the list is exact).
 */
class SchemaAgreementTest {

    static final List<String> PARSER_ONLY_RULES = List.of(
            "environment must match the parameter name",
            "name must match the parameter name",
            "the ECS service name comes from the parameter name",
            "the task family comes from the parameter name",
            "the log group comes from the parameter name",
            "only _defaults may allow name overrides",
            "hostPort equals containerPort",
            "a variable is either plain or secret",
            "deployment percents leave room to replace a task",
            "scaling min <= max",
            "step lower below upper",
            "steps do not overlap",
            "steps leave no gap",
            "one step unbounded above",
            "a positive upper bound needs an unbounded step",
            "alarm names are unique",
            "a freeze window's time zone is an IANA name",
            "a pre-deploy's size is a Fargate pair with the task's",
            "a traffic shift needs advancedConfiguration",
            "advancedConfiguration only with a traffic shift",
            "lifecycle hooks only with a traffic shift",
            "canaryConfiguration only with CANARY",
            "BLUE_GREEN needs a bake time",
            "the alternate target group is a second one",
            "test-traffic stages need a test listener rule",
            "canary analysis only with a traffic shift",
            "canary analysis latency needs statistic and limit",
            "a mount point names a volume",
            "a sidecar image comes from an allowed registry",
            "dependsOn names a container of the task",
            "awsfirelens logs need a log router",
            "a registry takes a port or a container",
            "a registered port is a container's",
            "one base in a capacity provider strategy",
            "a target group's port is a container's");

    private static final JsonNode PUBLISHED = Documents.parse(readSchema());
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(PUBLISHED);

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @ParameterizedTest
    @FieldSource("dev.ecsdeployer.config.Documents#EXAMPLE_NAMES")
    void bothAcceptEveryExample(String example) {
        Documents document = Documents.example(example);

        assertEquals(Set.of(), SCHEMA.validate(document.tree()));
        assertTrue(parser.parse(document.location(), document.json(), null).valid());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.ecsdeployer.config.RejectedCases#ALL")
    void bothRejectEveryRejectedCase(RejectedCases.Case rejected) {
        Documents document = rejected.document();
        Set<ValidationMessage> schemaErrors = SCHEMA.validate(document.tree());

        assertFalse(parser.parse(document.location(), document.json(), null).valid());
        if (rejected.schemaToo()) {
            assertFalse(schemaErrors.isEmpty(), "the schema accepts it");
        } else {
            assertEquals(Set.of(), schemaErrors, "parser-only rule, yet the schema rejects it");
        }
    }

    /**
     * The parser checks structure with the schema itself ({@link ConfigSchema}), then binds the records: every field
     * the schema allows must be a record component of the same JSON type, and every component a field of the
     * schema, or a document the schema accepts could not be read.
     */
    @Test
    void theSchemasFieldsAreTheRecordsComponents() {
        List<String> mismatches = new ArrayList<>();
        ObjectNode root = (ObjectNode) PUBLISHED.deepCopy();
        // Read and removed by the parser before binding: only _defaults may set it.
        ((ObjectNode) root.get("properties")).remove(ServiceConfigParser.ALLOW_NAME_OVERRIDES);

        compare(root, ServiceConfig.class, "(document)", mismatches);

        assertEquals(List.of(), mismatches);
    }

    @Test
    void theParserChecksWithThePublishedSchema() throws IOException {
        try (InputStream packaged = ConfigSchema.class.getClassLoader().getResourceAsStream(ConfigSchema.RESOURCE)) {
            assertEquals(PUBLISHED, Documents.JSON.readTree(packaged));
        }
    }

    @Test
    void theParserChecksOnlyTheSchemasStructureKeywords() {
        Set<String> keywords = new TreeSet<>();
        collectKeywords(ConfigSchema.structureOf(PUBLISHED), keywords);

        assertEquals(Set.of("$id", "$schema", "additionalProperties", "enum", "items", "properties", "required", "type"),
                keywords);
    }

    private static void collectKeywords(JsonNode schema, Set<String> keywords) {
        schema.properties().forEach(keyword -> {
            keywords.add(keyword.getKey());
            if (keyword.getKey().equals("properties")) {
                keyword.getValue().forEach(field -> collectKeywords(field, keywords));
            } else if (keyword.getValue().isObject()) {
                collectKeywords(keyword.getValue(), keywords);
            }
        });
    }

    private static void compare(JsonNode schema, Type type, String path, List<String> mismatches) {
        Class<?> raw = type instanceof ParameterizedType generic ? (Class<?>) generic.getRawType() : (Class<?>) type;
        Type[] arguments = type instanceof ParameterizedType generic ? generic.getActualTypeArguments() : new Type[0];
        String jsonType = schema.path("type").asText();
        if (raw.isRecord()) {
            Map<String, Type> components = new TreeMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                components.put(component.getName(), component.getGenericType());
            }
            Set<String> fields = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
            if (!jsonType.equals("object") || !fields.equals(components.keySet())) {
                mismatches.add(path + ": schema " + jsonType + " " + fields + ", " + raw.getSimpleName() + " "
                        + components.keySet());
            }
            components.forEach((name, component) -> {
                if (fields.contains(name)) {
                    compare(schema.path("properties").path(name), component, path + "." + name, mismatches);
                }
            });
        } else if (raw == List.class) {
            expect("array", jsonType, path, raw, mismatches);
            compare(schema.path("items"), arguments[0], path + "[]", mismatches);
        } else if (raw == Map.class && ((Class<?>) arguments[0]).isEnum()) {
            // An object whose fields are the enum's constants, e.g. prices by CPU architecture.
            expect("object", jsonType, path, raw, mismatches);
            Set<String> fields = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
            Set<String> constants = new TreeSet<>(jsonNames((Class<?>) arguments[0]));
            if (!fields.equals(constants)) {
                mismatches.add(path + ": schema " + fields + ", enum " + constants);
            }
            fields.forEach(field -> compare(schema.path("properties").path(field), arguments[1], path + "." + field,
                    mismatches));
        } else if (raw == Map.class) {
            expect("object", jsonType, path, raw, mismatches);
            compare(schema.path("additionalProperties"), arguments[1], path + ".*", mismatches);
        } else if (raw.isEnum()) {
            expect("string", jsonType, path, raw, mismatches);
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(value -> values.add(value.asText()));
            if (!values.equals(jsonNames(raw))) {
                mismatches.add(path + ": schema enum " + values + ", " + raw.getSimpleName() + " " + jsonNames(raw));
            }
        } else {
            Map<Class<?>, String> scalars = Map.of(String.class, "string", Integer.class, "integer",
                    Double.class, "number", Boolean.class, "boolean");
            expect(scalars.getOrDefault(raw, raw.getName()), jsonType, path, raw, mismatches);
        }
    }

    private static void expect(String expected, String jsonType, String path, Class<?> raw, List<String> mismatches) {
        if (!expected.equals(jsonType)) {
            mismatches.add(path + ": schema type " + jsonType + ", Java " + raw.getSimpleName());
        }
    }

    private static List<String> jsonNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(constant -> Documents.JSON.convertValue(constant, String.class)).toList();
    }

    @Test
    void theParserOnlyListIsExact() {
        assertEquals(PARSER_ONLY_RULES, RejectedCases.ALL.stream()
                .filter(rejected -> !rejected.schemaToo()).map(RejectedCases.Case::rule).toList());
    }

    private static String readSchema() {
        try {
            return Files.readString(Path.of("schema", "service-config.schema.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
