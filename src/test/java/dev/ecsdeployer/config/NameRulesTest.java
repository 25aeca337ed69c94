package dev.ecsdeployer.config;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One rule for an environment name, wherever it comes from: the parameter path, the document, a command. */
class NameRulesTest {

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @Test
    void aConfigUnderAnEnvironmentTheTemplateCannotNameIsRejected() {
        ConfigLocation location = new ConfigLocation(ConfigLocation.DEFAULT_PREFIX, "Prod_1", "api");
        Documents document = Documents.example("api-prod").remove("/environment");

        ConfigResult result = parser.parse(location, document.json(), null);

        assertEquals(List.of("environment: \"Prod_1\" must be an environment name: 1 to 31 lowercase letters, digits"
                + " or hyphens, starting with a letter or digit"), result.errors().stream().map(ConfigError::describe).toList());
    }

    @Test
    void theSchemaHoldsTheSameEnvironmentRule() throws IOException {
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("schema", "service-config.schema.json")));

        assertFalse(schema.validate(Documents.example("api-prod").set("/environment", "\"Prod_1\"").tree()).isEmpty());
        assertTrue(schema.validate(Documents.example("api-prod").set("/environment", "\"eu-prod-2\"").tree()).isEmpty());
    }

    @Test
    void environmentNames() {
        for (String good : List.of("prod", "dev", "eu-prod-2", "0", "p".repeat(31))) {
            assertTrue(NameRules.isEnvironment(good), good);
        }
        for (String bad : List.of("", "Prod", "prod_1", "-prod", "prod env", "prod/api", "p".repeat(32))) {
            assertFalse(NameRules.isEnvironment(bad), bad);
        }
    }

    @Test
    void parameterNames() {
        assertTrue(NameRules.isParameterName("/ecs-deployer/prod/api"));
        assertTrue(NameRules.isParameterName("/ecs-deployer/prod/_defaults"));
        assertFalse(NameRules.isParameterName("/ecs-deployer/prod/api name"));
        assertFalse(NameRules.isParameterName("/ecs-deployer//api"));
        assertFalse(NameRules.isParameterName("/" + "a".repeat(2048)));
    }

    @Test
    void theNearestNameIsSuggestedOnlyWhenItIsATypo() {
        List<String> fields = List.of("command", "environment", "service", "tag", "digest");

        assertEquals(Optional.of("digest"), NameRules.nearest("digset", fields));
        assertEquals(Optional.of("environment"), NameRules.nearest("enviroment", fields));
        assertEquals(Optional.of("service"), NameRules.nearest("Service", fields));
        assertEquals(Optional.empty(), NameRules.nearest("force", fields));
    }
}
