package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Does what Lambda's SQS event source mapping does, against moto: receive up to a batch, invoke the
 * function with the SQS event shape, delete what succeeded. A reported failure is left as AWS leaves
 * it: invisible for the rest of its visibility timeout (the queue's 1,800 s) unless the function
 * itself made it visible sooner ({@code ChangeMessageVisibility}). It also watches the FIFO guarantee
 * the deployer relies on: never two messages of one group in flight at a time.
 */
public final class QueuePump {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final Function<JsonNode, JsonNode> function;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlightPerGroup = new AtomicInteger();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final AtomicInteger invocations = new AtomicInteger();

    public QueuePump(SqsClient sqs, String queueUrl, Function<JsonNode, JsonNode> function) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = "arn:aws:sqs:us-east-1:123456789012:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        this.function = function;
    }

    /** One receive, as the event source mapping makes it: the SQS event to invoke the function with (null: none ready). */
    public ObjectNode receive(int batchSize) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        return messages.isEmpty() ? null : event(messages);
    }

    /** Deletes what the function's answer to {@code event} did not report as failed. */
    public void settle(JsonNode event, JsonNode answer) {
        Set<String> failed = new HashSet<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        for (JsonNode r : event.path("Records")) {
            if (!failed.contains(r.path("messageId").asText())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(r.path("receiptHandle").asText()));
            }
        }
    }

    /** One receive and one invocation; returns how many messages it handled (0 when the queue had none ready). */
    public int pumpOnce(int batchSize) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        Set<String> groups = new HashSet<>();
        for (Message m : messages) {
            String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            if (groups.add(group)) {
                int now = inFlight.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
                maxInFlightPerGroup.accumulateAndGet(now, Math::max);
            }
        }
        largestBatch.accumulateAndGet(messages.size(), Math::max);
        invocations.incrementAndGet();
        JsonNode answer;
        try {
            answer = function.apply(event(messages));
        } finally {
            // The function is done with them before any is deleted: a delete unlocks the group, and another
            // consumer may then receive its next item at once (counting after the delete saw two in flight).
            groups.forEach(g -> inFlight.get(g).decrementAndGet());
        }
        Set<String> failed = new HashSet<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return messages.size();
    }

    /**
     * Pumps until the queue is empty: nothing ready and nothing in flight. A failed item the function
     * made visible again after a backoff is waited for; one it left to the visibility timeout is not
     * (that would take 30 minutes on AWS) and fails the drain.
     */
    public int drain(int batchSize, int maxRounds) {
        int total = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < maxRounds; i++) {
            int n = pumpOnce(batchSize);
            total += n;
            if (n > 0) {
                deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            } else {
                if (isEmpty()) {
                    return total;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("items stay in flight past the function's backoff (left to the"
                            + " queue's visibility timeout?): " + counts());
                }
                sleep(200);
            }
        }
        throw new AssertionError("the queue did not drain in " + maxRounds + " receives");
    }

    /** Whether the queue holds no message at all, visible or in flight. */
    public boolean isEmpty() {
        Map<String, Integer> c = counts();
        return c.get("visible") == 0 && c.get("inFlight") == 0;
    }

    private Map<String, Integer> counts() {
        Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b
                .queueUrl(queueUrl).attributeNames(
                        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Map.of("visible", Integer.parseInt(a.get(
                        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                "inFlight", Integer.parseInt(a.get(software.amazon.awssdk.services.sqs.model.QueueAttributeName
                        .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Several consumers at once, as Lambda scales an event source mapping out, until the queue has
     * nothing ready; then a last sequential drain for what was failed and made visible again.
     */
    public int drainConcurrently(int consumers, int batchSize, int maxRounds) {
        List<java.util.concurrent.CompletableFuture<Integer>> running = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                int handled = 0;
                for (int n; (n = pumpOnce(batchSize)) > 0; ) {
                    handled += n;
                }
                return handled;
            }));
        }
        int total = running.stream().mapToInt(java.util.concurrent.CompletableFuture::join).sum();
        return total + drain(batchSize, maxRounds);
    }

    public int maxInFlightPerGroup() {
        return maxInFlightPerGroup.get();
    }

    public int largestBatch() {
        return largestBatch.get();
    }

    public int invocations() {
        return invocations.get();
    }

    private ObjectNode event(List<Message> messages) {
        ObjectNode event = MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", "us-east-1");
        }
        return event;
    }

    /** Creates the FIFO queue and its dead-letter queue as the template does; returns the DLQ's URL. */
    public static String createQueues(SqsClient sqs, String queue, String deadLetters, int maxReceives) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(deadLetters).attributesWithStrings(Map.of(
                "FifoQueue", "true"))).queueUrl();
        String dlqArn = "arn:aws:sqs:us-east-1:123456789012:" + deadLetters;
        sqs.createQueue(b -> b.queueName(queue).attributesWithStrings(Map.of(
                "FifoQueue", "true",
                "VisibilityTimeout", "1800",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceives + "}")));
        return dlqUrl;
    }

    /** Every body on a queue (for the dead-letter queue's contents). */
    public static List<JsonNode> bodies(SqsClient sqs, String queueUrl) {
        List<JsonNode> out = new ArrayList<>();
        sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages().forEach(m -> {
            try {
                out.add(MAPPER.readTree(m.body()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }
}
