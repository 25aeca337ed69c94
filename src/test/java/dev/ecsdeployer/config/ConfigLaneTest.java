package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config manages only its own service: its ECS service, task family and log group are named from its
 * parameter name, unless the environment's _defaults allows other names.
 */
class ConfigLaneTest {

    private final ServiceConfigParser parser = new ServiceConfigParser();

    List<String> errors(Documents document, String defaults) {
        return parser.parse(document.location(), document.json(), defaults).errors().stream()
                .map(ConfigError::describe).toList();
    }

    static Documents renamed() {
        return Documents.example("api-prod")
                .set("/service/serviceName", "\"legacy-api\"")
                .set("/taskDefinition/family", "\"legacy-api\"")
                .set("/logGroup/name", "\"/ecs/legacy/api\"");
    }

    @Test
    void theDerivedNamesMayBeWrittenOut() {
        Documents document = Documents.example("api-prod")
                .set("/service/serviceName", "\"myapp-prod-api\"")
                .set("/taskDefinition/family", "\"myapp-prod-api\"")
                .set("/logGroup/name", "\"/ecs/myapp-prod/api\"");

        assertEquals(List.of(), errors(document, null));
    }

    @Test
    void otherNamesAreRejectedEachNamingTheDerivedOneAndHowToAllowThem() {
        List<String> errors = errors(renamed(), "{\"project\": \"myapp\"}");

        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("service.serviceName: \"legacy-api\" is not \"myapp-prod-api\", the name"
                + " derived from the parameter name /ecs-deployer/prod/api"), errors.get(0));
        assertTrue(errors.get(0).endsWith("\"allowNameOverrides\": true in /ecs-deployer/prod/_defaults"), errors.get(0));
        assertTrue(errors.get(1).startsWith("taskDefinition.family: \"legacy-api\" is not \"myapp-prod-api\""),
                errors.get(1));
        assertTrue(errors.get(2).startsWith("logGroup.name: \"/ecs/legacy/api\" is not \"/ecs/myapp-prod/api\""),
                errors.get(2));
    }

    @Test
    void theEnvironmentsDefaultsMayAllowOtherNames() {
        ConfigResult result = parser.parse(renamed().location(), renamed().json(), "{\"allowNameOverrides\": true}");

        assertEquals(List.of(), result.errors());
        assertEquals("legacy-api", result.config().service().serviceName());
        assertEquals("legacy-api", result.config().taskDefinition().family());
        assertEquals("/ecs/legacy/api", result.config().logGroup().name());
    }

    @Test
    void falseAllowsNothing() {
        assertEquals(3, errors(renamed(), "{\"allowNameOverrides\": false}").size());
    }

    @Test
    void aNameSetInDefaultsForEveryServiceIsRejectedToo() {
        List<String> errors = errors(Documents.example("api-prod"), "{\"logGroup\": {\"name\": \"/ecs/everything\"}}");

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("logGroup.name: \"/ecs/everything\" is not \"/ecs/myapp-prod/api\""),
                errors.get(0));
    }

    @Test
    void aServiceDocumentCannotAllowItself() {
        List<String> errors = errors(renamed().set("/allowNameOverrides", "true"), null);

        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("allowNameOverrides: true may be set only in the environment's defaults"
                + " document /ecs-deployer/prod/_defaults"), errors.get(0));
    }

    @Test
    void theAllowanceIsTrueOrFalse() {
        assertEquals(List.of("allowNameOverrides: \"yes\" must be true or false (in /ecs-deployer/prod/_defaults)"),
                errors(Documents.example("api-prod"), "{\"allowNameOverrides\": \"yes\"}"));
    }

    @Test
    void everyExampleKeepsToItsLane() {
        for (String example : Documents.EXAMPLE_NAMES) {
            assertEquals(List.of(), errors(Documents.example(example), null), example);
        }
    }
}
