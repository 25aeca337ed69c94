package dev.ecsdeployer.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.workitem.WorkItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The SQS FIFO work queue: {@code MessageGroupId} = {@code <environment>/<service>}, a
 * deduplication id from the event and the service, ten items a call. An item SQS does not
 * accept fails the invocation, so the trigger is retried; deduplication makes the resend of the
 * items that were accepted harmless.
 */
public final class SqsWorkQueue implements WorkQueue {

    static final int PER_CALL = 10;

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final ObjectMapper mapper;

    public SqsWorkQueue(Supplier<SqsClient> sqs, String queueUrl, ObjectMapper mapper) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.mapper = mapper;
    }

    @Override
    public boolean inline() {
        return false;
    }

    @Override
    public List<Dispatched> send(List<WorkItem> items) {
        List<Dispatched> out = new ArrayList<>();
        for (int from = 0; from < items.size(); from += PER_CALL) {
            List<WorkItem> batch = items.subList(from, Math.min(items.size(), from + PER_CALL));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                WorkItem item = batch.get(i);
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(json(item))
                        .messageGroupId(item.groupId())
                        .messageDeduplicationId(item.deduplicationId())
                        .build());
            }
            SendMessageBatchResponse r = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (!r.failed().isEmpty()) {
                BatchResultErrorEntry e = r.failed().get(0);
                throw new IllegalStateException("the work queue refused " + r.failed().size() + " of " + batch.size()
                        + " items (" + e.code() + ": " + e.message() + "); the trigger will be retried");
            }
            Map<String, String> ids = new HashMap<>();
            r.successful().forEach(ok -> ids.put(ok.id(), ok.messageId()));
            for (int i = 0; i < batch.size(); i++) {
                out.add(new Queued(batch.get(i), ids.get(Integer.toString(i))));
            }
        }
        return out;
    }

    private String json(WorkItem item) {
        try {
            return mapper.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a work item could not be written as JSON", e);
        }
    }
}
