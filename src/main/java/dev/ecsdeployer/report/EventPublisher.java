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

import java.util.ArrayList;
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

    /** PutEvents takes at most 10 entries a call. */
    static final int ENTRIES_PER_CALL = 10;
    /** ... and 256 KB in all: a batch is cut before it would pass this (entries are measured as JSON text). */
    static final int BYTES_PER_CALL = 200 * 1024;

    /** One event of a batch. */
    public record Event(String detailType, ObjectNode detail, List<String> resources) {
    }

    /**
     * Publishes {@code batch} with as few PutEvents calls as EventBridge allows (10 entries a call): a
     * drift check that finds a hundred drifted services makes ten calls, not a hundred.
     *
     * @return how many of the events EventBridge accepted; each one it did not is logged with its error
     */
    public int publishAll(List<Event> batch) {
        int accepted = 0;
        List<PutEventsRequestEntry> call = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int bytes = 0;
        for (Event e : batch) {
            PutEventsRequestEntry entry;
            try {
                entry = entry(e.detailType(), e.detail(), e.resources());
            } catch (JsonProcessingException ex) {
                LOG.errorf("could not publish '%s' to bus %s: %s", e.detailType(), busName, ex.getMessage());
                continue;
            }
            int size = entry.detail().length() + 256;
            if (call.size() == ENTRIES_PER_CALL || (!call.isEmpty() && bytes + size > BYTES_PER_CALL)) {
                accepted += put(call, types);
                call = new ArrayList<>();
                types = new ArrayList<>();
                bytes = 0;
            }
            call.add(entry);
            types.add(e.detailType());
            bytes += size;
        }
        if (!call.isEmpty()) {
            accepted += put(call, types);
        }
        return accepted;
    }

    private int put(List<PutEventsRequestEntry> entries, List<String> types) {
        try {
            PutEventsResponse answer = events.get().putEvents(b -> b.entries(entries));
            int failed = answer.failedEntryCount() == null ? 0 : answer.failedEntryCount();
            int named = 0;
            for (int i = 0; i < answer.entries().size() && failed > 0; i++) {
                PutEventsResultEntry result = answer.entries().get(i);
                if (result.errorCode() != null) {
                    named++;
                    LOG.errorf("EventBridge rejected '%s': %s %s", types.get(i), result.errorCode(),
                            result.errorMessage());
                }
            }
            if (failed > named) {
                LOG.errorf("EventBridge rejected %d of %d events ('%s') without saying which", failed - named,
                        entries.size(), String.join("', '", types));
            }
            return entries.size() - failed;
        } catch (SdkException e) {
            LOG.errorf("could not publish '%s' to bus %s: %s", String.join("', '", types), busName, e.getMessage());
            return 0;
        }
    }

    private PutEventsRequestEntry entry(String detailType, ObjectNode detail, List<String> resources)
            throws JsonProcessingException {
        return PutEventsRequestEntry.builder()
                .source(SOURCE)
                .detailType(detailType)
                .detail(mapper.writeValueAsString(detail))
                .eventBusName(busName)
                .resources(resources.isEmpty() ? null : resources)
                .build();
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
        return publishAll(List.of(new Event(detailType, detail, resources))) == 1;
    }
}
