package dev.ecsdeployer.desired;

import dev.ecsdeployer.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one ownership test: what each kind of resource must show to be this config's. */
class OwnershipRulesTest {

    static final Map<String, String> OURS = Map.of("ecs-deployer:config", "prod/api",
            "ecs-deployer:managed-by", "ecs-deployer");
    static final Map<String, String> ANOTHER_CONFIGS = Map.of("ecs-deployer:config", "prod/worker");
    static final Map<String, String> BEFORE_CONFIG_TAGS = Map.of("ecs-deployer:managed-by", "ecs-deployer");
    static final Map<String, String> ANOTHER_TOOLS = Map.of("managed-by", "terraform");

    @Test
    void theConfigTagSaysWhoseAResourceIs() throws IOException {
        ServiceConfig api = DesiredTaskDefinitionTest.prodApi();

        assertEquals(Ownership.Owner.THIS_CONFIG, Ownership.owner(OURS, api));
        assertEquals(Ownership.Owner.OTHER_CONFIG, Ownership.owner(ANOTHER_CONFIGS, api));
        assertEquals(Ownership.Owner.DEPLOYER_UNNAMED, Ownership.owner(BEFORE_CONFIG_TAGS, api));
        assertEquals(Ownership.Owner.OTHER, Ownership.owner(ANOTHER_TOOLS, api));
        assertEquals(OURS, Ownership.tags(api), "what the deployer creates is tagged as the config's");
    }

    @Test
    void aLogGroupIsOursWhenTaggedForThisConfigOrCreatedByTheDeployerUnderItsName() throws IOException {
        ServiceConfig api = DesiredTaskDefinitionTest.prodApi();

        assertTrue(Ownership.logGroupIsOurs(OURS, api));
        assertTrue(Ownership.logGroupIsOurs(BEFORE_CONFIG_TAGS, api));
        assertFalse(Ownership.logGroupIsOurs(ANOTHER_TOOLS, api));
        assertFalse(Ownership.logGroupIsOurs(ANOTHER_CONFIGS, api));
    }

    @Test
    void aFamilyIsOursWhenEmptyTaggedForThisConfigOrRecordedOnItsService() throws IOException {
        ServiceConfig api = DesiredTaskDefinitionTest.prodApi();

        assertTrue(Ownership.familyIsOurs(null, api, false), "an empty family");
        assertTrue(Ownership.familyIsOurs(OURS, api, false));
        assertFalse(Ownership.familyIsOurs(ANOTHER_TOOLS, api, false), "another team's family");
        assertTrue(Ownership.familyIsOurs(ANOTHER_TOOLS, api, true), "a hand-registered revision in our family");
        assertFalse(Ownership.familyIsOurs(ANOTHER_CONFIGS, api, true), "another config's revision on top");
        assertFalse(Ownership.familyIsOurs(BEFORE_CONFIG_TAGS, api, false));
    }

    @Test
    void theFamilyOfARevisionArn() {
        assertEquals("myapp-prod-api", Ownership.family("arn:aws:ecs:us-east-1:123456789012:task-definition/myapp-prod-api:7"));
        assertNull(Ownership.family(null));
        assertNull(Ownership.family("not-an-arn"));
    }
}
