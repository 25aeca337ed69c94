package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

import java.util.function.Supplier;

/**
 * Publishes the deployer's own events (source {@code ecs-deployer}) to the bus it reports to.
 * A report that cannot be delivered is logged, never allowed to undo or hide the work done.
 */
public final class EventPublisher {

    public static final String SOURCE = "ecs-deployer";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    /** Built on first publish: a push that concerns no service publishes nothing. */
    private final Supplier<EventBridgeClient> events;
    private final String busName;
    private final ObjectMapper mapper;

    public EventPublisher(Supplier<EventBridgeClient> events, String busName, ObjectMapper mapper) {
        this.events = events;
        this.busName = busName;
        this.mapper = mapper;
    }

    /** @return true when EventBridge accepted the event */
    public boolean publish(String detailType, ObjectNode detail) {
        try {
            String json = mapper.writeValueAsString(detail);
            PutEventsResponse r = events.get().putEvents(b -> b.entries(e -> e
                    .source(SOURCE)
                    .detailType(detailType)
                    .detail(json)
                    .eventBusName(busName)));
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                LOG.errorf("EventBridge rejected '%s': %s %s", detailType, r.entries().get(0).errorCode(),
                        r.entries().get(0).errorMessage());
                return false;
            }
            return true;
        } catch (SdkException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.errorf("could not publish '%s' to bus %s: %s", detailType, busName, e.getMessage());
            return false;
        }
    }
}
