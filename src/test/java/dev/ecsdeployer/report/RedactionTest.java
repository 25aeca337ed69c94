package dev.ecsdeployer.report;

import dev.ecsdeployer.plan.Difference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Credentials never reach logs or events, whatever the environment variable is called. */
class RedactionTest {

    @Test
    void valuesOfVariablesNamedLikeSecretsAreMasked() {
        Difference d = Redaction.mask(new Difference("taskDefinition.container.environment.DB_PASSWORD", "hunter2",
                "(none)"));

        assertEquals(new Difference("taskDefinition.container.environment.DB_PASSWORD", "****", "(none)"), d);
    }

    @Test
    void valuesThatLookLikeAwsKeysAreMaskedWhateverTheName() {
        Difference d = Redaction.mask(new Difference("taskDefinition.container.environment.SETTING",
                "AKIAABCDEFGHIJKLMNOP", "plain"));

        assertEquals("****", d.desired());
        assertEquals("plain", d.actual());
    }

    @Test
    void otherFieldsAreLeftAsTheyAre() {
        Difference d = new Difference("taskDefinition.memory", "1024", "2048");

        assertEquals(d, Redaction.mask(d));
    }
}
