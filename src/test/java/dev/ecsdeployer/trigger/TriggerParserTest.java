package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile or mistaken payloads end in a clear {@link InvalidEventException}, never another exception. */
class TriggerParserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DIGEST = "sha256:" + "a".repeat(64);

    final TriggerParser anyEnvironment = new TriggerParser(Optional.empty());
    final TriggerParser prodOnly = new TriggerParser(Optional.of("prod"));

    static String rejection(TriggerParser parser, String json) {
        return assertThrows(InvalidEventException.class, () -> parser.parse(read(json))).getMessage();
    }

    static JsonNode read(String json) throws IOException {
        return TriggerParser.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static String readRejection(String json) {
        return assertThrows(InvalidEventException.class, () -> read(json)).getMessage();
    }

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("events", name)));
    }

    // ------------------------------------------------------------------ reading limits

    @Test
    void anEventNestedTooDeepIsRejectedNamingTheLimit() {
        String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);

        String message = readRejection(deep);

        assertTrue(message.startsWith("the event exceeds a limit (nested more than 64 levels deep)"), message);
    }

    @Test
    void nestingWithinTheLimitIsRead() throws IOException {
        String deep = "{\"a\":".repeat(60) + "1" + "}".repeat(60);

        assertTrue(read(deep).isObject());
    }

    @Test
    void deeplyNestedArraysAreRejectedToo() {
        String message = readRejection("[".repeat(100) + "]".repeat(100));

        assertTrue(message.contains("nested more than 64 levels deep"), message);
    }

    @Test
    void aNumberTooLongIsRejectedNamingTheLimit() {
        String message = readRejection("{\"n\": " + "9".repeat(5000) + "}");

        assertTrue(message.startsWith("the event exceeds a limit (a number longer than 100 characters)"), message);
    }

    @Test
    void aFieldNameTooLongIsRejectedNamingTheLimit() {
        String message = readRejection("{\"" + "k".repeat(5000) + "\": 1}");

        assertTrue(message.startsWith("the event exceeds a limit (a field name longer than 1024 characters)"), message);
    }

    @Test
    void anEventLargerThanEventBridgeAllowsIsRejected() {
        String message = readRejection("{\"s\": \"" + "x".repeat(TriggerParser.MAX_EVENT_BYTES) + "\"}");

        assertEquals("the event is larger than 262144 bytes", message);
    }

    @Test
    void aRepeatedFieldIsRejected() {
        String message = readRejection("{\"command\": \"plan\", \"command\": \"deploy\"}");

        assertTrue(message.startsWith("the event is not valid JSON at line 1, column"), message);
        assertTrue(message.contains("Duplicate field 'command'"), message);
    }

    @Test
    void trailingContentIsRejected() {
        String message = readRejection("{\"command\": \"plan\"} {\"command\": \"deploy\"}");

        assertTrue(message.startsWith("the event is not valid JSON"), message);
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() {
        String message = readRejection("{\"command\": ");

        assertTrue(message.startsWith("the event is not valid JSON at line 1, column"), message);
    }

    @Test
    void controlCharactersAndLongValuesAreNotEchoedRaw() {
        String message = rejection(anyEnvironment, "{\"command\": \"dep\\nloy" + "x".repeat(500) + "\"}");

        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("dep\\u000aloy"), message);
        assertTrue(message.length() < 300, message);
    }

    @Test
    void hostileTextIsReadInLinearTime() {
        // Redaction runs on every value a message quotes; a long run must not make it quadratic.
        String run = "a".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            rejection(anyEnvironment, "{\"command\": \"" + run + "://" + run + "\"}");
            rejection(anyEnvironment, "{\"command\": \"eyJ" + run + "\"}");
        });
    }

    // ------------------------------------------------------------------ commands

    @Test
    void theSampleCommandsParse() throws IOException {
        for (String sample : new String[] {"command-deploy.json", "command-deploy-digest.json", "command-plan.json",
                "command-drift-check.json"}) {
            assertInstanceOf(Trigger.Command.class, prodOnly.parse(sample(sample)), sample);
        }
    }

    @Test
    void aMisspeltFieldIsRejectedWithASuggestion() {
        String message = rejection(anyEnvironment, "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\","
                + "\"digset\":\"" + DIGEST + "\"}");

        assertEquals("unknown field 'digset'; did you mean 'digest'? allowed: command, environment, service, tag, digest, force",
                message);
    }

    @Test
    void anUnknownFieldWithNoNearNameListsTheAllowedOnes() {
        String message = rejection(anyEnvironment,
                "{\"command\":\"plan\",\"environment\":\"prod\",\"service\":\"api\",\"hurry\":\"yes\"}");

        assertEquals("unknown field 'hurry'; allowed: command, environment, service, tag, digest", message);
    }

    @Test
    void aFieldOfAnotherCommandIsNamedAsSuch() {
        String message = rejection(anyEnvironment,
                "{\"command\":\"plan\",\"environment\":\"prod\",\"service\":\"api\",\"force\":true}");

        assertEquals("unknown field 'force' for command 'plan'; allowed: command, environment, service, tag, digest",
                message);
        assertTrue(rejection(anyEnvironment, "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\","
                + "\"force\":\"yes\"}").contains("field 'force' must be true or false"));
    }

    @Test
    void aFieldAnotherCommandTakesIsNotSilentlyIgnored() {
        String message = rejection(anyEnvironment, "{\"command\":\"drift-check\",\"environment\":\"prod\",\"service\":\"api\"}");

        assertEquals("unknown field 'service' for command 'drift-check'; allowed: command, environment", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my api", "api/../other", "a/b", "api\\u0000", "", "api.v2", "0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef"})
    void aServiceNameThatIsNoEcsNameIsRejected(String service) {
        String message = rejection(anyEnvironment, "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\""
                + service + "\"}");

        assertTrue(message.startsWith("command 'deploy': service '"), message);
        assertTrue(message.endsWith("must be 1 to 255 letters, digits, hyphens or underscores"), message);
    }

    @Test
    void theDefaultsDocumentIsNoService() {
        String message = rejection(anyEnvironment, "{\"command\":\"plan\",\"environment\":\"prod\",\"service\":\"_defaults\"}");

        assertEquals("command 'plan': service '_defaults' is the environment's shared defaults document, not a service",
                message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod", "prod env", "prod/api", "-prod", "prod_1", "p0123456789abcdef0123456789abcdef"})
    void anEnvironmentNameTheTemplateWouldRefuseIsRejected(String environment) {
        String message = rejection(anyEnvironment, "{\"command\":\"verify\",\"environment\":\"" + environment
                + "\",\"service\":\"api\"}");

        assertEquals("command 'verify': environment '" + environment + "' must be an environment name: 1 to 31"
                + " lowercase letters, digits or hyphens, starting with a letter or digit", message);
    }

    @Test
    void aTagThatIsNoEcrTagIsRejected() {
        String message = rejection(anyEnvironment,
                "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\",\"tag\":\"v1 beta\"}");

        assertEquals("command 'deploy': tag 'v1 beta' must be an image tag: up to 128 letters, digits, '_', '.' or '-',"
                + " not starting with '.' or '-'", message);
    }

    @Test
    void aFieldOfAnotherTypeIsRejected() {
        String message = rejection(anyEnvironment, "{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":[\"api\"]}");

        assertEquals("command 'deploy': field 'service' must be a string, was '[\"api\"]'", message);
    }

    @Test
    void aCommandThatIsNoStringIsRejected() {
        String message = rejection(anyEnvironment, "{\"command\": {\"deploy\": true}}");

        assertEquals("unknown command '{\"deploy\":true}'; allowed: deploy, plan, drift-check, verify, hold, release, rollback", message);
    }

    @Test
    void aHoldTakesAReasonATagCanHoldAndNoImage() throws java.io.IOException {
        assertEquals(new Trigger.Hold("prod", "api", "incident 4711: db failover"), anyEnvironment.parse(read(
                "{\"command\":\"hold\",\"environment\":\"prod\",\"service\":\"api\",\"reason\":\"incident 4711: db failover\"}")));
        assertEquals(new Trigger.Hold("prod", "api", "no reason given"), anyEnvironment.parse(read(
                "{\"command\":\"hold\",\"environment\":\"prod\",\"service\":\"api\"}")));
        assertTrue(rejection(anyEnvironment, "{\"command\":\"hold\",\"environment\":\"prod\",\"service\":\"api\","
                + "\"reason\":\"" + "x".repeat(201) + "\"}").contains("at most 200"));
        assertTrue(rejection(anyEnvironment, "{\"command\":\"release\",\"environment\":\"prod\",\"service\":\"api\","
                + "\"tag\":\"v1\"}").contains("unknown field 'tag'"));
    }

    @Test
    void aCommandForAnotherEnvironmentIsRejectedNamingBoth() {
        String message = rejection(prodOnly, "{\"command\":\"deploy\",\"environment\":\"staging\",\"service\":\"api\"}");

        assertEquals("command 'deploy' is for environment 'staging', but this function manages environment 'prod'"
                + " only (ECS_DEPLOYER_ENVIRONMENT); send it to that environment's deployer", message);
    }

    @Test
    void aDriftCheckOfAnotherEnvironmentIsRejected() {
        String message = rejection(prodOnly, "{\"command\":\"drift-check\",\"environment\":\"dev\"}");

        assertTrue(message.contains("'dev'") && message.contains("'prod'"), message);
    }

    @Test
    void aFunctionOfEveryEnvironmentTakesAnyValidOne() throws IOException {
        Trigger command = anyEnvironment.parse(read(
                "{\"command\":\"deploy\",\"environment\":\"staging\",\"service\":\"api\",\"tag\":\"v1.2\"}"));

        assertEquals(new Trigger.Deploy("staging", "api", "v1.2", null, false), command);
    }

    // ------------------------------------------------------------------ EventBridge events

    @Test
    void aDriftShardForAnotherEnvironmentIsRejected() throws IOException {
        ObjectNode event = sample("drift-check-requested.json");
        ((ObjectNode) event.get("detail")).put("environment", "dev");

        String message = assertThrows(InvalidEventException.class, () -> prodOnly.parse(event)).getMessage();

        assertTrue(message.startsWith("Drift Check Requested is for environment 'dev'"), message);
    }

    @Test
    void aDriftShardWithAHostileEnvironmentIsRejected() throws IOException {
        ObjectNode event = sample("drift-check-requested.json");
        ((ObjectNode) event.get("detail")).put("environment", "prod/../dev");

        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();

        assertTrue(message.startsWith("Drift Check Requested: environment 'prod/../dev' must be an environment name"),
                message);
    }

    @Test
    void aDriftShardCarriesItsScheduledCheckTime() throws IOException {
        ObjectNode event = sample("drift-check-requested.json");
        ((ObjectNode) event.path("detail")).put("scheduledAt", "2026-12-07T13:00:00Z");

        assertEquals(java.time.Instant.parse("2026-12-07T13:00:00Z"),
                ((Trigger.DriftShard) anyEnvironment.parse(event)).scheduledAt());

        ((ObjectNode) event.path("detail")).put("scheduledAt", "yesterday");
        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();
        assertTrue(message.contains("'scheduledAt' must be an ISO-8601 time"), message);
    }

    @Test
    void aDriftShardNamesItsConfigsAndAnOlderOneWithoutNamesStillParses() throws IOException {
        ObjectNode event = sample("drift-check-requested.json");

        assertEquals(new Trigger.DriftShard("prod", 0, 1, List.of("api", "realtime"), null), anyEnvironment.parse(event));

        ((ObjectNode) event.get("detail")).remove("services");
        assertEquals(new Trigger.DriftShard("prod", 0, 1, null, null), anyEnvironment.parse(event),
                "an event from before shards named their configs: the shard reads the whole environment");
    }

    @Test
    void aDriftShardNamingSomethingOtherThanAConfigOfItsEnvironmentIsRejected() throws IOException {
        // A name must not reach past its environment's configs, nor name the shared defaults as a service.
        for (String bad : List.of("../dev/api", "_defaults", "", "api name")) {
            ObjectNode event = sample("drift-check-requested.json");
            ((ObjectNode) event.get("detail")).putArray("services").add("api").add(bad);

            String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();

            assertTrue(message.startsWith("Drift Check Requested: service '" + bad + "' is not a config name"), message);
        }
        ObjectNode number = sample("drift-check-requested.json");
        ((ObjectNode) number.get("detail")).putArray("services").add(7);
        assertTrue(assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(number)).getMessage()
                .startsWith("Drift Check Requested: service '7' is not a config name"));
        ObjectNode event = sample("drift-check-requested.json");
        ((ObjectNode) event.get("detail")).put("services", "api");
        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();
        assertTrue(message.startsWith("Drift Check Requested: 'services' must be an array of config names"), message);
    }

    @Test
    void aParameterChangeWithANameSsmCannotHaveIsRejected() throws IOException {
        ObjectNode event = sample("ssm-config-change.json");
        ((ObjectNode) event.get("detail")).put("name", "/ecs-deployer/prod/api name");

        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();

        assertEquals("Parameter Store Change: name '/ecs-deployer/prod/api name' must be an SSM parameter name: up to"
                + " 2048 letters, digits, '_', '.', '-' or '/'", message);
    }

    @Test
    void theSampleParameterChangesParse() throws IOException {
        for (String sample : new String[] {"ssm-config-change.json", "ssm-config-deleted.json", "ssm-defaults-change.json"}) {
            assertInstanceOf(Trigger.ParameterChange.class, anyEnvironment.parse(sample(sample)), sample);
        }
    }

    @Test
    void aPushOfARepositoryNameEcrCannotHaveIsRejected() throws IOException {
        ObjectNode event = sample("ecr-push.json");
        ((ObjectNode) event.get("detail")).put("repository-name", "My Repo");

        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();

        assertTrue(message.startsWith("ECR Image Action: repository-name 'My Repo' must be an ECR repository name"),
                message);
    }

    @Test
    void aPushOfATagEcrCannotHaveIsRejected() throws IOException {
        ObjectNode event = sample("ecr-push.json");
        ((ObjectNode) event.get("detail")).put("image-tag", "-rf /");

        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();

        assertTrue(message.startsWith("ECR Image Action: image-tag '-rf /' must be an image tag"), message);
    }

    @Test
    void theSamplePushesParse() throws IOException {
        assertInstanceOf(Trigger.EcrPush.class, anyEnvironment.parse(sample("ecr-push.json")));
        assertInstanceOf(Trigger.EcrPush.class, anyEnvironment.parse(sample("ecr-push-unfollowed.json")));
        assertInstanceOf(Trigger.Ignored.class, anyEnvironment.parse(sample("ecr-push-untagged.json")));
    }

    @Test
    void aDeploymentEventForANameEcsCannotHaveIsRejected() throws IOException {
        ObjectNode event = sample("ecs-deployment-completed.json");
        event.putArray("resources").add("arn:aws:ecs:us-east-1:123456789012:service/my cluster/api");

        String message = assertThrows(InvalidEventException.class, () -> anyEnvironment.parse(event)).getMessage();

        assertTrue(message.startsWith("ECS Deployment State Change: resources[0] 'arn:aws:ecs:us-east-1:123456789012:"
                + "service/my cluster/api' is not a service ARN"), message);
    }
}
