package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.SignedAwsClient;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Publishes the deployer's own events (source {@code ecs-deployer}) to the bus it reports to, with
 * the ARNs of the resources an event is about (the ECS service) in {@code resources}, so rules can
 * match on them. A report that cannot be delivered is logged, never allowed to undo or hide the work
 * done.
 *
 * <p>PutEvents is the deployer's only EventBridge call: it is made as a signed JSON 1.1 call
 * ({@link SignedAwsClient}) instead of through the EventBridge SDK module (1.8 MB for one operation).
 */
public final class EventPublisher {

    public static final String SOURCE = "ecs-deployer";
    static final String PUT_EVENTS = "AWSEvents.PutEvents";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    /** Built on first publish: a push that concerns no service publishes nothing. */
    private final Supplier<SignedAwsClient> events;
    private final String busName;
    private final ObjectMapper mapper;

    public EventPublisher(Supplier<SignedAwsClient> events, String busName, ObjectMapper mapper) {
        this.events = events;
        this.busName = busName;
        this.mapper = mapper;
    }

    /** @return true when EventBridge accepted the event */
    public boolean publish(String detailType, ObjectNode detail) {
        return publish(detailType, detail, List.of());
    }

    /**
     * @param resources ARNs the event is about (EventBridge's {@code resources}); empty for none
     * @return true when EventBridge accepted the event
     */
    public boolean publish(String detailType, ObjectNode detail, List<String> resources) {
        try {
            ObjectNode request = mapper.createObjectNode();
            ObjectNode entry = request.putArray("Entries").addObject();
            entry.put("Source", SOURCE);
            entry.put("DetailType", detailType);
            entry.put("Detail", mapper.writeValueAsString(detail));
            entry.put("EventBusName", busName);
            if (!resources.isEmpty()) {
                resources.forEach(entry.putArray("Resources")::add);
            }
            SignedAwsClient.Response response = events.get().json(PUT_EVENTS, mapper.writeValueAsString(request),
                    SignedAwsClient.JSON_ERRORS);
            JsonNode answer = mapper.readTree(response.body());
            if (answer.path("FailedEntryCount").asInt(0) > 0) {
                JsonNode failed = answer.path("Entries").path(0);
                LOG.errorf("EventBridge rejected '%s': %s %s", detailType, failed.path("ErrorCode").asText(),
                        failed.path("ErrorMessage").asText());
                return false;
            }
            return true;
        } catch (SdkException | IOException e) {
            LOG.errorf("could not publish '%s' to bus %s: %s", detailType, busName, e.getMessage());
            return false;
        }
    }
}
