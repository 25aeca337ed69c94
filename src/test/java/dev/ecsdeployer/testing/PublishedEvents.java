package dev.ecsdeployer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.aws.AwsClientFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures the events the deployer publishes, end to end: an EventBridge rule on the default bus
 * matching source {@code ecs-deployer} delivers them to an SQS queue, which the test drains.
 */
public final class PublishedEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<JsonNode> received = new ArrayList<>();

    private PublishedEvents(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static PublishedEvents capture(AwsClientFactory aws) {
        SqsClient sqs = aws.build(SqsClient.builder());
        EventBridgeClient events = aws.build(EventBridgeClient.builder());
        String url = sqs.createQueue(b -> b.queueName("ecs-deployer-events")).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name("capture-ecs-deployer").eventPattern("{\"source\":[\"ecs-deployer\"]}"));
        events.putTargets(b -> b.rule("capture-ecs-deployer").targets(t -> t.id("queue").arn(arn)));
        return new PublishedEvents(sqs, url);
    }

    /** The same, without the events published before (by earlier tests on the same moto). */
    public static PublishedEvents captureFromNow(AwsClientFactory aws) {
        PublishedEvents events = capture(aws);
        events.sqs.purgeQueue(b -> b.queueUrl(events.queueUrl));
        return events;
    }

    /** Every event published so far, oldest first. */
    public synchronized List<JsonNode> all() {
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return List.copyOf(received);
            }
            for (Message m : batch) {
                try {
                    received.add(MAPPER.readTree(m.body()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    public List<JsonNode> ofType(String detailType) {
        return all().stream().filter(e -> detailType.equals(e.path("detail-type").asText())).toList();
    }
}
