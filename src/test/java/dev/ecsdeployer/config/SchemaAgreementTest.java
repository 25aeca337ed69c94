package dev.ecsdeployer.config;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published schema and the parser accept and reject the same documents. The schema cannot
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
            "alarm names are unique");

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Documents.parse(readSchema()));

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
