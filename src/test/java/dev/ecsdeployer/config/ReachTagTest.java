package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ecs-deployer:services tag's value: space-separated <environment>/<service>, or * (pure). */
class ReachTagTest {

    @Test
    void aListGrantsExactlyItsServices() {
        assertTrue(ReachTag.grants("prod/api  prod/worker", "prod", "api"));
        assertTrue(ReachTag.grants(" prod/worker\tprod/api ", "prod", "api"));
        assertFalse(ReachTag.grants("prod/api", "dev", "api"), "another environment's service");
        assertFalse(ReachTag.grants("prod/api-v2", "prod", "api"), "no prefix match");
        assertFalse(ReachTag.grants("prod/*", "prod", "api"), "only a lone * means every service");
    }

    @Test
    void aStarGrantsEveryServiceAndNoTagOrAnEmptyOneNone() {
        assertTrue(ReachTag.grants("*", "dev", "anything"));
        assertFalse(ReachTag.grants(null, "prod", "api"));
        assertFalse(ReachTag.grants("", "prod", "api"));
    }

    @Test
    void theValueToTagAddsTheService() {
        assertEquals("prod/api", ReachTag.withService(null, "prod", "api"));
        assertEquals("prod/worker prod/api", ReachTag.withService(" prod/worker ", "prod", "api"));
    }
}
