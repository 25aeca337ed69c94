package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials a config holds by mistake never leave the function: not in its answers, not in the
 * events it publishes, not in its log lines, whether the variable's name says it is a secret or only
 * its value does, and in a health-check command too.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class RedactionOnMotoTest {

    /** Secret by the variable's name: the whole value is masked. */
    static final Map<String, String> BY_NAME = Map.of("DB_PASS", "hunter2-db-pass", "STRIPE_KEY", "stripe-key-value-1",
            "SIGNING_KEY", "signing-key-value-2", "GITHUB_PAT", "pat-value-3", "AUTH", "auth-value-4");
    /** Secret by the value: innocent names, values that are credentials. */
    static final Map<String, String> BY_VALUE = Map.of(
            "GH_CLASSIC", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
            "GH_FINE", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123",
            "PAYMENTS", "sk_live_51H8abcdEFGH1234ijklMNOP",
            "SLACK_BOT", "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
            "SLACK_USER", "xoxp-1234567890-0987654321-QrStUvWxYz",
            "ALERTS_URL", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "CHAT_URL", "https://discord.com/api/webhooks/123456789012345678/abcDEF_ghi-JKLmno");
    static final String BEARER = "abcd1234efgh5678";
    /** What must appear nowhere: each secret, or for a URL its secret path. */
    static final List<String> LEAKS = List.of("hunter2-db-pass", "stripe-key-value-1", "signing-key-value-2",
            "pat-value-3", "auth-value-4", "A1b2C3d4E5f6G7h8I9j0", "11ABCDEFG0123456789", "51H8abcdEFGH1234",
            "0987654321-AbCdEf", "0987654321-QrStUv", "XXXXXXXXXXXXXXXXXXXXXXXX", "abcDEF_ghi-JKLmno", BEARER);

    @Test
    void everyExampleIsMaskedInAnswersEventsAndLogs() {
        ApiService api = ApiService.onFreshMoto();
        JsonNode created = LambdaInvoker.invoke(api.push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z"));
        assertEquals("APPLIED", created.path("services").get(0).path("status").asText(), created.toString());
        ObjectNode config = api.config();
        ObjectNode environment = config.with("taskDefinition").with("environment");
        BY_NAME.forEach(environment::put);
        BY_VALUE.forEach(environment::put);
        ArrayNode command = config.with("taskDefinition").with("healthCheck").putArray("command");
        command.add("CMD-SHELL").add("curl -fsS -H 'Authorization: Bearer " + BEARER + "' http://localhost:3001/health"
                + " || exit 1");
        api.putConfig(config);

        List<JsonNode> answers = new ArrayList<>();
        String logged = capturingStdout(() -> {
            answers.add(LambdaInvoker.invoke("{\"command\":\"plan\",\"environment\":\"prod\",\"service\":\"api\","
                    + "\"digest\":\"" + api.baseline.imageDigest() + "\"}"));
            answers.add(LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}"));
            answers.add(LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"prod\",\"service\":\"api\","
                    + "\"digest\":\"" + api.baseline.imageDigest() + "\"}"));
        });
        List<JsonNode> events = api.published.all();

        String plan = answers.get(0).toString();
        for (String name : BY_NAME.keySet()) {
            assertTrue(plan.contains("environment." + name + "\",\"desired\":\"****\""), name + " in " + plan);
        }
        assertTrue(plan.contains("https://hooks.slack.com/****") && plan.contains("https://discord.com/api/webhooks/****")
                && plan.contains("Bearer ****"), plan);
        assertEquals("DRIFTED", answers.get(1).path("services").get(0).path("status").asText(), answers.get(1).toString());
        assertEquals("APPLIED", answers.get(2).path("services").get(0).path("status").asText(), answers.get(2).toString());
        assertTrue(events.stream().anyMatch(e -> e.path("detail-type").asText().equals("Drift Detected")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.path("detail-type").asText().equals("Deployment Started")
                && e.toString().contains("****")), events.toString());
        assertTrue(logged.contains("\"type\"") && logged.contains("****"), "the log lines were captured: " + logged);
        for (String leak : LEAKS) {
            assertFalse(answers.toString().contains(leak), leak + " in an answer: " + answers);
            assertFalse(events.toString().contains(leak), leak + " in an event: " + events);
            assertFalse(logged.contains(leak), leak + " in the log: " + logged);
        }
    }

    /** What the function writes to standard output (its JSON log lines) while {@code run} runs. */
    static String capturingStdout(Runnable run) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
