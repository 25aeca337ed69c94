package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.work.WorkItem;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A batch from the work queue's event source mapping ({@code ReportBatchItemFailures}). Each
 * record is worked in order; one that fails for a reason another attempt may cure is answered
 * as a batch item failure, so SQS delivers it again after the visibility timeout and, past
 * {@code maxReceiveCount}, moves it to the dead-letter queue. On a FIFO queue a failed record's
 * later records of the same message group fail with it (their order must hold); other groups
 * (other services) go on, so one failing service never holds up another.
 */
public final class SqsBatch {

    private static final Logger LOG = Logger.getLogger(SqsBatch.class);

    private final Worker worker;
    private final DeployReporter reporter;
    private final ObjectMapper mapper;
    private final int maxReceives;

    /** @param maxReceives the queue's {@code maxReceiveCount}: the attempt that is the last one */
    public SqsBatch(Worker worker, DeployReporter reporter, ObjectMapper mapper, int maxReceives) {
        this.worker = worker;
        this.reporter = reporter;
        this.mapper = mapper;
        this.maxReceives = maxReceives;
    }

    /** Whether an invocation payload is an SQS batch. */
    public static boolean isSqsBatch(JsonNode event) {
        JsonNode records = event.path("Records");
        return records.isArray() && !records.isEmpty() && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    public ObjectNode handle(JsonNode event) {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        ArrayNode results = mapper.createArrayNode();
        Set<String> failedGroups = new HashSet<>();
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            String group = record.path("attributes").path("MessageGroupId").asText("");
            if (failedGroups.contains(group)) {
                failures.addObject().put("itemIdentifier", messageId);
                continue;
            }
            int receives = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
            boolean last = receives >= maxReceives;
            WorkItem item;
            try {
                item = mapper.readValue(record.path("body").asText(), WorkItem.class);
            } catch (IOException e) {
                // Not something this deployer wrote: nothing to work; keep it for the dead-letter queue.
                LOG.errorf("work item %s is not a work item (%s); it stays on the queue until it is dead-lettered",
                        messageId, e.getMessage());
                failures.addObject().put("itemIdentifier", messageId);
                failedGroups.add(group);
                continue;
            }
            Worker.Result result;
            try {
                result = worker.process(item, last);
            } catch (RuntimeException e) {
                LOG.errorf(e, "work item %s for %s failed", messageId, item.groupId());
                result = new Worker.Result(null, true, e.toString());
            }
            if (result.report() != null) {
                results.add(mapper.valueToTree(result.report()));
            }
            if (result.retry()) {
                failures.addObject().put("itemIdentifier", messageId);
                failedGroups.add(group);
                if (last) {
                    reporter.deadLettered(item, receives, result.error());
                }
            }
        }
        response.set("results", results);
        return response;
    }
}
