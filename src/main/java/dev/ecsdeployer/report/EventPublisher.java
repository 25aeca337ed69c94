package dev.ecsdeployer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.List;
import java.util.function.Supplier;

/**
 * Publishes the deployer's own events (source {@code ecs-deployer}) to the bus it reports to, with
 * the ARNs of the resources an event is about (the ECS service) in {@code resources}, so rules can
 * match on them. A report that cannot be delivered is logged, never allowed to undo or hide the work
 * done.
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
        return publish(detailType, detail, List.of());
    }

    /**
     * @param resources ARNs the event is about (EventBridge's {@code resources}); empty for none
     * @return true when EventBridge accepted the event
     */
    public boolean publish(String detailType, ObjectNode detail, List<String> resources) {
        try {
            PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                    .source(SOURCE)
                    .detailType(detailType)
                    .detail(mapper.writeValueAsString(detail))
                    .eventBusName(busName)
                    .resources(resources.isEmpty() ? null : resources)
                    .build();
            PutEventsResponse answer = events.get().putEvents(b -> b.entries(entry));
            if (answer.failedEntryCount() != null && answer.failedEntryCount() > 0) {
                PutEventsResultEntry failed = answer.entries().isEmpty() ? null : answer.entries().get(0);
                LOG.errorf("EventBridge rejected '%s': %s %s", detailType, failed == null ? "" : failed.errorCode(),
                        failed == null ? "" : failed.errorMessage());
                return false;
            }
            return true;
        } catch (SdkException | JsonProcessingException e) {
            LOG.errorf("could not publish '%s' to bus %s: %s", detailType, busName, e.getMessage());
            return false;
        }
    }
}
