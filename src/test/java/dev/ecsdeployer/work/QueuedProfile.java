package dev.ecsdeployer.work;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The function as the template deploys it: with the SQS FIFO work queue (on moto). */
public final class QueuedProfile implements QuarkusTestProfile {

    public static final String QUEUE = "ecs-deployer-work.fifo";
    public static final String DEAD_LETTERS = "ecs-deployer-work-dlq.fifo";
    public static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/" + QUEUE;
    public static final int MAX_RECEIVES = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        // Retries after about a second (production: 10 s, doubling), so that the tests wait for real backoffs.
        return Map.of("ecs-deployer.work-queue-url", QUEUE_URL,
                "ecs-deployer.work-max-receives", Integer.toString(MAX_RECEIVES),
                "ecs-deployer.work-retry-base-seconds", "1",
                "ecs-deployer.work-retry-max-seconds", "2");
    }
}
