package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.workitem.WorkItem;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A batch from the work queue's event source mapping ({@code ReportBatchItemFailures}), handled as
 * SQS and Lambda behave on AWS:
 * <ul>
 * <li>A failed item is answered as a batch item failure and made visible again after a backoff
 * ({@code ChangeMessageVisibility}: seconds to minutes), not after the queue's 30-minute visibility
 * timeout.</li>
 * <li>On a FIFO queue a failed item's later items of the same message group fail with it, unworked
 * (their order must hold); other groups (other services) go on. The template sets a batch size of
 * one, so that no item ever rides behind another.</li>
 * <li>No item is started unless the invocation has {@code reserve} left: the rest come back at once,
 * unworked, instead of being cut off half-applied at the function timeout.</li>
 * <li>Every item that leaves for the dead-letter queue (its receive count is the queue's
 * {@code maxReceiveCount}), worked or not, and every message that is no work item, is reported with
 * an event and the metric.</li>
 * </ul>
 */
public final class SqsBatch {

    private static final Logger LOG = Logger.getLogger(SqsBatch.class);

    private final Worker worker;
    private final DeployReporter reporter;
    private final ObjectMapper mapper;
    private final int maxReceives;
    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final Duration reserve;

    /**
     * @param maxReceives the queue's {@code maxReceiveCount}: the receive that is an item's last attempt
     * @param reserve     the time an item may take at most: none is started with less left
     */
    public SqsBatch(Worker worker, DeployReporter reporter, ObjectMapper mapper, int maxReceives,
                    Supplier<SqsClient> sqs, String queueUrl, Duration reserve) {
        this.worker = worker;
        this.reporter = reporter;
        this.mapper = mapper;
        this.maxReceives = maxReceives;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.reserve = reserve;
    }

    /** Whether an invocation payload is an SQS batch. */
    public static boolean isSqsBatch(JsonNode event) {
        JsonNode records = event.path("Records");
        return records.isArray() && !records.isEmpty() && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    /** @param remainingMillis the invocation's remaining time (the Lambda context's) */
    public ObjectNode handle(JsonNode event, LongSupplier remainingMillis) {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        ArrayNode results = mapper.createArrayNode();
        Set<String> failedGroups = new HashSet<>();
        boolean outOfTime = false;
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            String receipt = record.path("receiptHandle").asText(null);
            String group = record.path("attributes").path("MessageGroupId").asText("");
            int receives = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
            Attempt attempt = new Attempt(receives, receives >= maxReceives);
            String body = record.path("body").asText();
            WorkItem item;
            try {
                item = mapper.readValue(body, WorkItem.class);
            } catch (IOException | IllegalArgumentException e) {
                // Not something this deployer wrote: nothing to work, nothing another attempt can cure.
                LOG.errorf("work item %s is not a work item (%s); it goes to the dead-letter queue", messageId,
                        e.getMessage());
                failures.addObject().put("itemIdentifier", messageId);
                failedGroups.add(group);
                visibleAgainAfter(receipt, Duration.ZERO);
                if (attempt.last()) {
                    reporter.deadLetteredUnreadable(messageId, group, receives, "not a work item: " + e.getMessage());
                }
                continue;
            }
            String unworked = null;
            if (failedGroups.contains(group)) {
                unworked = "an earlier item of " + group + " in the same batch failed; items of a service keep their order";
            } else if (outOfTime || remainingMillis.getAsLong() < reserve.toMillis()) {
                outOfTime = true;
                unworked = "the invocation had less than " + reserve.toSeconds() + " s left to work it";
            }
            if (unworked != null) {
                LOG.infof("work item %s for %s not worked in this invocation: %s", messageId, group, unworked);
                failures.addObject().put("itemIdentifier", messageId);
                failedGroups.add(group);
                visibleAgainAfter(receipt, Duration.ZERO);
                if (attempt.last()) {
                    reporter.deadLettered(item, receives, unworked, false);
                }
                continue;
            }
            WorkResult result;
            try {
                result = worker.process(item, attempt);
            } catch (RuntimeException e) {
                LOG.errorf(e, "work item %s for %s failed", messageId, item.groupId());
                result = new WorkResult.Retry(Duration.ZERO, e.toString(), null);
            }
            if (result.report() != null) {
                results.add(mapper.valueToTree(result.report()));
            }
            switch (result) {
                case WorkResult.Done done -> { }
                case WorkResult.Retry retry -> {
                    failures.addObject().put("itemIdentifier", messageId);
                    failedGroups.add(group);
                    // On the last attempt the item goes to the dead-letter queue at once, so the next
                    // item of the service is not held up.
                    visibleAgainAfter(receipt, attempt.last() ? Duration.ZERO : retry.after());
                    if (attempt.last()) {
                        reporter.deadLettered(item, receives, retry.why(), true);
                    }
                }
                case WorkResult.Terminal terminal -> {
                    failures.addObject().put("itemIdentifier", messageId);
                    failedGroups.add(group);
                    visibleAgainAfter(receipt, Duration.ZERO);
                    if (attempt.last()) {
                        reporter.deadLettered(item, receives, terminal.why(), true);
                    }
                }
            }
        }
        response.set("results", results);
        return response;
    }

    /**
     * Makes a failed message visible again after the given time (SQS counts it toward the 12-hour
     * visibility limit; seconds to minutes are far below it). When that call fails the message simply
     * comes back after the queue's visibility timeout.
     */
    private void visibleAgainAfter(String receipt, Duration after) {
        if (receipt == null || queueUrl == null) {
            return;
        }
        int seconds = (int) Math.min(43_199, Math.max(0, (after.toMillis() + 999) / 1000));
        try {
            sqs.get().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receipt)
                    .visibilityTimeout(seconds));
        } catch (SdkException e) {
            LOG.warnf("could not set the visibility of a failed work item (%s); it comes back after the queue's"
                    + " visibility timeout", e.getMessage());
        }
    }
}
