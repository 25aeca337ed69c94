package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every line is one JSON object with timestamp, level and, during an invocation, the request id, as
 * Lambda's JSON log format needs to pass it through; an EMF line stays EMF (it starts with _aws).
 */
class JsonLogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(MAPPER, new PrintStream(out, true, StandardCharsets.UTF_8));

    @AfterEach
    void end() {
        Invocation.end();
    }

    List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(MAPPER.readTree(line));
        }
        return lines;
    }

    @Test
    void aReportLineCarriesTimestampLevelAndTheRequestId() throws Exception {
        Invocation.begin("8f2b3c4d-request");
        log.write(JsonLog.WARN, MAPPER.createObjectNode().put("type", "reconcile").put("status", "REFUSED"));

        JsonNode line = lines().get(0);
        assertEquals("reconcile", line.path("type").asText());
        assertEquals("WARN", line.path("level").asText());
        assertEquals("8f2b3c4d-request", line.path("requestId").asText());
        assertTrue(line.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                line.toString());
    }

    @Test
    void anEmfLineStaysEmfAndNamesTheRequest() throws Exception {
        Invocation.begin("req-2");
        new Metrics(log, MAPPER, "EcsDeployer", Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC))
                .put("prod", Map.of(Metrics.DEPLOYMENTS_STARTED, 1));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"_aws\":"), "EMF members first: " + text);
        JsonNode line = lines().get(0);
        assertEquals(1, line.path(Metrics.DEPLOYMENTS_STARTED).asInt());
        assertEquals("EcsDeployer", line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("req-2", line.path("requestId").asText());
    }

    @Test
    void outsideAnInvocationThereIsNoRequestId() throws Exception {
        Invocation.end();
        log.write(MAPPER.createObjectNode().put("type", "drift"));

        JsonNode line = lines().get(0);
        assertFalse(line.has("requestId"), line.toString());
        assertEquals("INFO", line.path("level").asText());
    }

    @Test
    void serviceArnsFollowThePartitionAndNeedTheAccount() {
        assertEquals(List.of("arn:aws:ecs:eu-west-1:123456789012:service/c/myapp-prod-api"),
                new ServiceArns("eu-west-1", "123456789012").of("c", "myapp-prod-api"));
        assertEquals(List.of("arn:aws-cn:ecs:cn-north-1:123456789012:service/c/s"),
                new ServiceArns("cn-north-1", "123456789012").of("c", "s"));
        assertEquals(List.of("arn:aws-us-gov:ecs:us-gov-west-1:123456789012:service/c/s"),
                new ServiceArns("us-gov-west-1", "123456789012").of("c", "s"));
        assertEquals(List.of(), new ServiceArns("eu-west-1", null).of("c", "s"), "no account, no guessed ARN");
    }
}
