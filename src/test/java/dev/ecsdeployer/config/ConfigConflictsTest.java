package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two configs never manage one ECS service, task family or log group. */
class ConfigConflictsTest {

    static final String ALLOW = "{\"allowNameOverrides\": true}";

    private final ServiceConfigParser parser = new ServiceConfigParser();

    /** {@code api-dev.json} stored at /ecs-deployer/<environment>/<service>, edited, with the given _defaults. */
    ConfigResult config(String environment, String service, String defaults, java.util.function.UnaryOperator<Documents> edit) {
        Documents doc = edit.apply(Documents.example("api-dev").remove("/name").remove("/environment"));
        ConfigResult result = parser.parse(new ConfigLocation(ConfigLocation.DEFAULT_PREFIX, environment, service),
                doc.json(), defaults);
        assertTrue(result.valid(), result.errors().toString());
        return result;
    }

    static List<String> described(Map<ConfigLocation, List<ConfigError>> found, ConfigResult result) {
        return found.getOrDefault(result.location(), List.of()).stream().map(ConfigError::describe).toList();
    }

    @Test
    void configsNamedByTheirPathsDoNotConflict() {
        List<ConfigResult> configs = List.of(config("dev", "api", null, d -> d), config("dev", "web", null, d -> d),
                config("prod", "api", null, d -> d));

        assertEquals(Map.of(), ConfigConflicts.find(configs));
        assertEquals(configs, ConfigConflicts.check(configs));
    }

    @Test
    void twoConfigsNamingOneEcsServiceEachNameTheOther() {
        ConfigResult api = config("dev", "api", ALLOW, d -> d);
        ConfigResult web = config("dev", "web", ALLOW, d -> d.set("/service/serviceName", "\"myapp-dev-api\""));

        Map<ConfigLocation, List<ConfigError>> found = ConfigConflicts.find(List.of(api, web));

        assertEquals(List.of("service.serviceName: \"myapp-dev-api\" is also named by /ecs-deployer/dev/web (cluster"
                + " \"myapp-dev\"): two configs would manage the same ECS service and undo each other's changes; give"
                + " one of them another name"), described(found, api));
        assertEquals(List.of("service.serviceName: \"myapp-dev-api\" is also named by /ecs-deployer/dev/api (cluster"
                + " \"myapp-dev\"): two configs would manage the same ECS service and undo each other's changes; give"
                + " one of them another name"), described(found, web));
    }

    @Test
    void oneServiceNameInTwoClustersIsTwoServices() {
        ConfigResult api = config("dev", "api", ALLOW, d -> d);
        ConfigResult web = config("dev", "web", ALLOW, d -> d.set("/service/serviceName", "\"myapp-dev-api\"")
                .set("/service/cluster", "\"other-cluster\""));

        assertEquals(Map.of(), ConfigConflicts.find(List.of(api, web)));
    }

    @Test
    void twoConfigsNamingOneTaskFamilyConflict() {
        ConfigResult api = config("dev", "api", ALLOW, d -> d);
        ConfigResult web = config("dev", "web", ALLOW, d -> d.set("/taskDefinition/family", "\"myapp-dev-api\""));

        Map<ConfigLocation, List<ConfigError>> found = ConfigConflicts.find(List.of(api, web));

        assertEquals(List.of("taskDefinition.family: \"myapp-dev-api\" is also named by /ecs-deployer/dev/api: two"
                + " configs would manage the same task definition family and undo each other's changes; give one of"
                + " them another name"), described(found, web));
        assertEquals(1, described(found, api).size());
    }

    @Test
    void twoConfigsNamingOneLogGroupConflict() {
        ConfigResult api = config("dev", "api", ALLOW, d -> d.set("/logGroup/name", "\"/ecs/shared\""));
        ConfigResult web = config("dev", "web", ALLOW, d -> d.set("/logGroup/name", "\"/ecs/shared\""));

        Map<ConfigLocation, List<ConfigError>> found = ConfigConflicts.find(List.of(api, web));

        assertEquals(List.of("logGroup.name: \"/ecs/shared\" is also named by /ecs-deployer/dev/web: two configs would"
                + " manage the same log group and undo each other's changes; give one of them another name"),
                described(found, api));
    }

    @Test
    void namesThatRunTogetherAcrossEnvironmentsAreFoundWithoutAnyOverride() {
        // project "myapp-prod" in dev, service x  and  project "myapp" in prod, service dev-x: family myapp-prod-dev-x.
        ConfigResult dev = config("dev", "x", null, d -> d.set("/project", "\"myapp-prod\""));
        ConfigResult prod = config("prod", "dev-x", null, d -> d);

        Map<ConfigLocation, List<ConfigError>> found = ConfigConflicts.find(List.of(dev, prod));

        assertEquals("myapp-prod-dev-x", dev.config().taskDefinition().family());
        assertTrue(described(found, dev).stream().anyMatch(e -> e.startsWith("taskDefinition.family: \"myapp-prod-dev-x\""
                + " is also named by /ecs-deployer/prod/dev-x")), described(found, dev).toString());
        assertTrue(described(found, prod).stream().anyMatch(e -> e.contains("/ecs-deployer/dev/x")),
                described(found, prod).toString());
    }

    @Test
    void threeConfigsOnOneNameEachNameBothOthers() {
        ConfigResult a = config("dev", "a", ALLOW, d -> d.set("/logGroup/name", "\"/ecs/shared\""));
        ConfigResult b = config("dev", "b", ALLOW, d -> d.set("/logGroup/name", "\"/ecs/shared\""));
        ConfigResult c = config("dev", "c", ALLOW, d -> d.set("/logGroup/name", "\"/ecs/shared\""));

        Map<ConfigLocation, List<ConfigError>> found = ConfigConflicts.find(List.of(a, b, c));

        assertEquals(List.of(a.location(), b.location(), c.location()), List.copyOf(found.keySet()));
        assertEquals(2, found.get(b.location()).size());
        assertTrue(found.get(b.location()).get(0).message().contains("/ecs-deployer/dev/a"));
        assertTrue(found.get(b.location()).get(1).message().contains("/ecs-deployer/dev/c"));
    }

    @Test
    void invalidConfigsAreLeftOutAndCheckHoldsBackOnlyTheConflictingOnes() {
        ConfigResult api = config("dev", "api", ALLOW, d -> d);
        ConfigResult web = config("dev", "web", ALLOW, d -> d.set("/service/serviceName", "\"myapp-dev-api\""));
        ConfigResult other = config("dev", "other", ALLOW, d -> d);
        ConfigResult invalid = parser.parse(new ConfigLocation(ConfigLocation.DEFAULT_PREFIX, "dev", "broken"), "{}", null);

        List<ConfigResult> checked = ConfigConflicts.check(List.of(api, invalid, web, other));

        assertFalse(checked.get(0).valid());
        assertEquals(api.location(), checked.get(0).location());
        assertTrue(checked.get(0).errors().get(0).message().contains("/ecs-deployer/dev/web"));
        assertSame(invalid, checked.get(1));
        assertFalse(checked.get(2).valid());
        assertSame(other, checked.get(3));
    }
}
