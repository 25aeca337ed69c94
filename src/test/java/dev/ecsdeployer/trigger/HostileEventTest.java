package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the Lambda handler: a hostile or mistaken payload is answered {@code "status": "rejected"} with the
 * reason (an exception would make Lambda retry it and then dead-letter it), and no AWS call is made for it.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class HostileEventTest {

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        FaultInjector.reset();
    }

    JsonNode rejected(String event) {
        JsonNode response = LambdaInvoker.invoke(event);
        assertEquals("rejected", response.path("status").asText(), response.toString());
        assertTrue(FaultInjector.calls().isEmpty(), "AWS calls for a rejected event: " + FaultInjector.calls());
        return response;
    }

    @Test
    void anEventNestedDeeperThanTheLimitIsRejectedNotAnError() {
        JsonNode response = rejected("{\"a\":".repeat(2000) + "1" + "}".repeat(2000));

        assertTrue(response.path("error").asText().startsWith(
                "the event exceeds a limit (nested more than 64 levels deep)"), response.toString());
    }

    @Test
    void aNumberLongerThanTheLimitIsRejectedNotAnError() {
        JsonNode response = rejected("{\"command\": \"plan\", \"n\": " + "1".repeat(2000) + "}");

        assertTrue(response.path("error").asText().contains("a number longer than 100 characters"), response.toString());
    }

    @Test
    void aCommandForAServiceNameWithASlashIsRejectedBeforeAnyAwsCall() {
        JsonNode response = rejected("{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api/../../other\"}");

        assertEquals("command 'deploy': service 'api/../../other' must be 1 to 255 letters, digits, hyphens or"
                + " underscores", response.path("error").asText());
    }

    @Test
    void aCommandForAnEnvironmentNameWithASpaceIsRejectedBeforeAnyAwsCall() {
        JsonNode response = rejected("{\"command\":\"drift-check\",\"environment\":\"prod env\"}");

        assertTrue(response.path("error").asText().startsWith("command 'drift-check': environment 'prod env' must be"),
                response.toString());
    }

    @Test
    void aMisspeltDigestIsRejectedWithASuggestionInsteadOfDeployingTheFollowedTag() {
        JsonNode response = rejected("{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\","
                + "\"digset\":\"sha256:" + "a".repeat(64) + "\"}");

        assertEquals("unknown field 'digset'; did you mean 'digest'? allowed: command, environment, service, tag, digest, force",
                response.path("error").asText());
    }

    @Test
    void aDriftCheckOfOneServiceIsRejectedRatherThanCheckingTheWholeEnvironment() {
        JsonNode response = rejected("{\"command\":\"drift-check\",\"environment\":\"prod\",\"service\":\"api\"}");

        assertEquals("unknown field 'service' for command 'drift-check'; allowed: command, environment",
                response.path("error").asText());
    }
}
