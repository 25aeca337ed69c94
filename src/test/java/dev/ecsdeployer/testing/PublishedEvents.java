package dev.ecsdeployer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Captures the events the deployer publishes, end to end: an EventBridge rule on the default bus
 * matching source {@code ecs-deployer} delivers them to a log group, which the test reads.
 */
public final class PublishedEvents {

    private static final String LOG_GROUP = "/test/ecs-deployer-events";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventBridgeClient events;
    private final CloudWatchLogsClient logs;

    private PublishedEvents(EventBridgeClient events, CloudWatchLogsClient logs) {
        this.events = events;
        this.logs = logs;
    }

    public static PublishedEvents capture(EventBridgeClient events, CloudWatchLogsClient logs) {
        logs.createLogGroup(b -> b.logGroupName(LOG_GROUP));
        events.putRule(b -> b.name("capture-ecs-deployer").eventPattern("{\"source\":[\"ecs-deployer\"]}"));
        events.putTargets(b -> b.rule("capture-ecs-deployer").targets(t -> t.id("log")
                .arn("arn:aws:logs:us-east-1:123456789012:log-group:" + LOG_GROUP)));
        return new PublishedEvents(events, logs);
    }

    /** Every captured event, oldest first. */
    public List<JsonNode> all() {
        List<FilteredLogEvent> raw = new ArrayList<>(logs.filterLogEvents(b -> b.logGroupName(LOG_GROUP)).events());
        raw.sort(Comparator.comparing(FilteredLogEvent::timestamp));
        List<JsonNode> out = new ArrayList<>();
        for (FilteredLogEvent e : raw) {
            try {
                out.add(MAPPER.readTree(e.message()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    public List<JsonNode> ofType(String detailType) {
        return all().stream().filter(e -> detailType.equals(e.path("detail-type").asText())).toList();
    }
}
