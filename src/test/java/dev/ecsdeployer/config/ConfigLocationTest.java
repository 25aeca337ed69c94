package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLocationTest {

    @Test
    void aServiceParameterNameIsALocation() {
        ConfigLocation location = ConfigLocation.fromParameterName("ecs-deployer", "/ecs-deployer/prod/api").orElseThrow();

        assertEquals(new ConfigLocation("ecs-deployer", "prod", "api"), location);
        assertEquals("/ecs-deployer/prod/api", location.parameterName());
        assertEquals("/ecs-deployer/prod/_defaults", location.defaultsParameterName());
        assertFalse(location.isDefaults());
    }

    @Test
    void theDefaultsDocumentIsALocationToo() {
        assertTrue(ConfigLocation.fromParameterName("ecs-deployer", "/ecs-deployer/dev/_defaults").orElseThrow().isDefaults());
    }

    @Test
    void aPrefixMayHaveSeveralLevelsAndSlashes() {
        assertEquals(Optional.of(new ConfigLocation("org/deployer", "dev", "api")),
                ConfigLocation.fromParameterName("/org/deployer/", "/org/deployer/dev/api"));
    }

    @Test
    void namesOutsideThePrefixOrAtAnotherDepthAreNotLocations() {
        assertEquals(Optional.empty(), ConfigLocation.fromParameterName("ecs-deployer", "/other/dev/api"));
        assertEquals(Optional.empty(), ConfigLocation.fromParameterName("ecs-deployer", "/ecs-deployer-x/dev/api"));
        assertEquals(Optional.empty(), ConfigLocation.fromParameterName("ecs-deployer", "/ecs-deployer/dev"));
        assertEquals(Optional.empty(), ConfigLocation.fromParameterName("ecs-deployer", "/ecs-deployer/dev/api/extra"));
        assertEquals(Optional.empty(), ConfigLocation.fromParameterName("ecs-deployer", "/ecs-deployer/dev//"));
    }
}
