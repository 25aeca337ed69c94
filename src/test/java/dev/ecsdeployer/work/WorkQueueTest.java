package dev.ecsdeployer.work;

import dev.ecsdeployer.testing.TestClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.Fault;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployer as deployed: triggers only queue work items (SQS FIFO, one message group per
 * service); the function consumes the queue the way Lambda's event source mapping feeds it
 * ({@link QueuePump}); failures are retried by the queue and end in its dead-letter queue.
 */
@QuarkusTest
@TestProfile(QueuedProfile.class)
@QuarkusTestResource(MotoTestResource.class)
class WorkQueueTest {

    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String DIGEST_C = "sha256:" + "c".repeat(64);
    /** The template's event source mapping batch size (checked below). */
    static final int BATCH = 1;
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    @jakarta.inject.Inject
    SqsBatch sqsBatch;

    /** The network and roles, built once for the class; each test has its own environment beside them. */
    static Baseline shared;
    static int tests;

    ApiService api;
    /** This test's environment: its own configs, ECS service names, cluster and ECR repository. */
    String env;
    String service;
    AwsClientFactory aws;
    EcsClient ecs;
    SqsClient sqs;
    Baseline baseline;
    PublishedEvents published;
    String dlqUrl;
    QueuePump pump;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            shared = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "queue");
        }
        env = "q" + ++tests;
        api = ApiService.alongside(shared, env);
        service = api.serviceName();
        aws = api.aws;
        ecs = api.ecs;
        // The pump is Lambda's event source mapping, not the deployer: it talks to moto directly, uncounted.
        sqs = SqsClient.builder().endpointOverride(MotoServer.start().motoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dlqUrl = QueuePump.createQueues(sqs, QueuedProfile.QUEUE, QueuedProfile.DEAD_LETTERS,
                QueuedProfile.MAX_RECEIVES);
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(QueuedProfile.QUEUE)).queueUrl();
        // What an earlier test left (a dead-lettered item, an item of a failed test) is not this test's.
        sqs.purgeQueue(b -> b.queueUrl(queueUrl));
        sqs.purgeQueue(b -> b.queueUrl(dlqUrl));
        pump = new QueuePump(sqs, queueUrl, LambdaInvoker::invoke);
        baseline = api.baseline;
        published = api.published;
        api.putImage("b", DIGEST_B, "linux/arm64");
        api.putImage("c", DIGEST_C, "linux/arm64/v8");
        FaultInjector.reset();
    }

    ObjectNode push(String digest, String time) {
        return api.push(digest, time);
    }

    @Test
    void aPushOnlyQueuesAndTheWorkerDeploysIt() {
        JsonNode answer = LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        assertEquals("QUEUED", answer.path("services").get(0).path("status").asText(), answer.toString());
        assertEquals(env + "/api", answer.path("services").get(0).path("workItem").path("environment").asText()
                + "/" + answer.path("services").get(0).path("workItem").path("service").asText());
        assertEquals(0, ecs.listServices(b -> b.cluster(baseline.clusterName())).serviceArns().size(),
                "nothing deployed before the item is worked");
        pump.drain(BATCH, 10);
        FaultInjector.reset();

        JsonNode again = LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        Map<String, Integer> front = FaultInjector.calls();
        assertEquals("QUEUED", again.path("services").get(0).path("status").asText());
        assertEquals(Map.of("SSM.GetParametersByPath", 1, "ECR.BatchGetImage", 1, "SQS.SendMessageBatch", 1), front,
                "the front reads configs and the image platform, and queues: nothing in ECS");
        pump.drain(BATCH, 10);
        Map<String, Integer> all = FaultInjector.calls();

        System.out.println("AWS calls for one push to one existing service through the queue (front + worker): "
                + all.values().stream().mapToInt(Integer::intValue).sum() + " " + all);
        // The worker reads the grants of the example's task role and secret before it writes (reach check).
        assertEquals(Map.ofEntries(Map.entry("SSM.GetParametersByPath", 1), Map.entry("ECR.BatchGetImage", 1),
                Map.entry("SQS.SendMessageBatch", 1), Map.entry("SSM.GetParameters", 1), Map.entry("IAM.ListRoleTags", 1),
                Map.entry("SecretsManager.DescribeSecret", 1), Map.entry("ECS.DescribeServices", 1),
                Map.entry("ECS.DescribeTaskDefinition", 1), Map.entry("ECS.RegisterTaskDefinition", 1),
                Map.entry("ECS.UpdateService", 1), Map.entry("ECS.TagResource", 1), Map.entry("EventBridge.PutEvents", 1)),
                all);
        assertTrue(runningImage().endsWith(DIGEST_B), runningImage());
        assertEquals(2, published.ofType("Deployment Started").size());
    }

    @Test
    void threePushesAtOnceAreAppliedOneAfterTheOtherAndTheNewestWins() throws Exception {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(BATCH, 10);
        int before = ecs.listTaskDefinitions(b -> b.familyPrefix(service)).taskDefinitionArns().size();

        // Three pushes delivered at the same moment, then three consumers at once (Lambda scales out).
        List<CompletableFuture<JsonNode>> fronts = new ArrayList<>();
        for (String[] p : List.of(new String[] {DIGEST_B, "2026-06-02T00:00:00Z"},
                new String[] {DIGEST_C, "2026-06-03T00:00:00Z"},
                new String[] {baseline.imageDigest(), "2026-06-01T00:00:00Z"})) {
            fronts.add(CompletableFuture.supplyAsync(() -> LambdaInvoker.invoke(push(p[0], p[1]))));
        }
        CompletableFuture.allOf(fronts.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(CompletableFuture.supplyAsync(() -> {
                // Until the queue is empty (not a fixed number of polls: on a loaded machine one consumer
                // may still be working the group's item while the others' polls find nothing visible).
                int handled = 0;
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
                while (!pump.isEmpty() && System.nanoTime() < deadline) {
                    int n = pump.pumpOnce(1);
                    handled += n;
                    if (n == 0) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return handled;
                        }
                    }
                }
                return handled;
            }));
        }
        int handled = consumers.stream().mapToInt(CompletableFuture::join).sum();

        assertEquals(3, handled, "each push is one work item");
        assertEquals(1, pump.maxInFlightPerGroup(), "the queue hands out one item of a service at a time");
        assertTrue(runningImage().endsWith(DIGEST_C), "the newest push wins: " + runningImage());
        int after = ecs.listTaskDefinitions(b -> b.familyPrefix(service)).taskDefinitionArns().size();
        assertTrue(after - before <= 2, "one revision per newer image at most, was " + (after - before));
    }

    @Test
    void theTemplateHandsTheFunctionOneItemPerInvocation() throws Exception {
        String template = java.nio.file.Files.readString(java.nio.file.Path.of("template.yaml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Queue: !GetAtt WorkQueue.Arn\\s+(?:#.*\\s+)*BatchSize: (\\d+)")
                .matcher(template);
        int mappings = 0;
        while (m.find()) {
            mappings++;
            assertEquals(BATCH, Integer.parseInt(m.group(1)), "an item must never ride behind a failing one");
        }
        assertEquals(2, mappings, "both functions' event source mappings were read");
    }

    @Test
    void aPushThatKeepsFailingIsDeadLetteredAndTheNextPushOfTheServiceIsWorked() {
        Baseline other = MotoBaseline.alongside(aws, shared, env + "-realtime");
        ExampleConfigs.put(aws.ssm(), env, "realtime", ExampleConfigs.forBaseline("realtime-prod.json", other)
                .put("environment", env));
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(BATCH, 10);
        LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        LambdaInvoker.invoke(push(DIGEST_C, "2026-06-03T00:00:00Z"));
        LambdaInvoker.invoke(LambdaInvoker.push(other.repositoryName(), other.imageDigest(), "latest",
                "2026-06-02T00:00:00Z"));
        FaultInjector.failNext("ECS.UpdateService", Fault.SERVER_ERROR, 100_000);

        // The api's update fails on every attempt of the first push; its retries come back after the
        // function's backoff (the pump never resets a visibility the function did not ask for).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (published.ofType("Work Item Dead-Lettered").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the failing item was not retried to its last attempt");
            if (pump.pumpOnce(BATCH) == 0) {
                QueuePump.sleep(100);
            }
        }
        FaultInjector.reset(); // AWS recovers: the next push of the service goes through.
        pump.drain(BATCH, 50);

        assertTrue(ecs.describeServices(b -> b.cluster(other.clusterName()).services("myapp-" + env + "-realtime"))
                .services().stream().anyMatch(s -> "ACTIVE".equals(s.status())), "the other service deployed");
        assertTrue(runningImage().endsWith(DIGEST_C), "the second push was worked: " + runningImage());
        List<JsonNode> dead = QueuePump.bodies(sqs, dlqUrl);
        assertEquals(1, dead.size(), "only the failing item is in the dead-letter queue: " + dead);
        assertEquals(DIGEST_B, dead.get(0).path("image").asText().substring(dead.get(0).path("image").asText()
                .indexOf('@') + 1));
        List<JsonNode> deadLettered = published.ofType("Work Item Dead-Lettered");
        assertEquals(1, deadLettered.size(), deadLettered.toString());
        assertTrue(deadLettered.get(0).path("detail").path("worked").asBoolean(), "dead-lettered after being worked");
        assertEquals(QueuedProfile.MAX_RECEIVES, deadLettered.get(0).path("detail").path("attempts").asInt());
        assertEquals(1, published.ofType("Deployment Failed").size(), "announced once, on the last attempt");
    }

    @Test
    void aFailedItemIsRetriedAfterTheFunctionsBackoffNotTheVisibilityTimeout() {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(BATCH, 10);
        LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        FaultInjector.failNext("ECS.UpdateService", Fault.SERVER_ERROR, 100_000);
        assertEquals(1, pump.pumpOnce(BATCH));
        assertTrue(runningImage().endsWith(baseline.imageDigest()), "the first attempt failed");
        FaultInjector.reset();
        long failedAt = System.nanoTime();

        // drain() fails when an item stays in flight: an item left to the queue's 1,800 s would.
        pump.drain(BATCH, 20);

        long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failedAt);
        assertTrue(runningImage().endsWith(DIGEST_B), "retried and deployed: " + runningImage());
        assertTrue(waited < 60, "retried within a minute, after " + waited + " s");
        assertEquals(0, published.ofType("Deployment Failed").size(), "a retried failure is not announced");
    }

    @Test
    void itemsABatchHasNoTimeLeftForComeBackUnworkedAndNoneIsHalfApplied() {
        Baseline other = MotoBaseline.alongside(aws, shared, env + "-realtime");
        ExampleConfigs.put(aws.ssm(), env, "realtime", ExampleConfigs.forBaseline("realtime-prod.json", other)
                .put("environment", env));
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        LambdaInvoker.invoke(LambdaInvoker.push(other.repositoryName(), other.imageDigest(), "latest",
                "2026-06-02T00:00:00Z"));
        ObjectNode batch = pump.receive(10);
        assertEquals(2, batch.path("Records").size(), "both services' items in one batch");
        FaultInjector.reset();

        // The invocation has time for the first item only (the reserve is two minutes).
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        JsonNode answer = MAPPER.valueToTree(sqsBatch.handle(batch,
                () -> asked.getAndIncrement() == 0 ? 280_000L : 20_000L));
        pump.settle(batch, answer);

        assertEquals(1, answer.path("results").size(), "one item worked: " + answer);
        assertEquals(1, answer.path("batchItemFailures").size(), answer.toString());
        assertEquals(batch.path("Records").get(1).path("messageId").asText(),
                answer.path("batchItemFailures").get(0).path("itemIdentifier").asText(), "the second comes back");
        assertEquals(1, FaultInjector.calls("ECS.CreateService"), "the second item wrote nothing: "
                + FaultInjector.calls());
        assertEquals(0, published.ofType("Work Item Dead-Lettered").size());

        // It is handed out again at once, not after the visibility timeout, and then worked.
        ObjectNode again = pump.receive(10);
        assertTrue(again != null && again.path("Records").size() == 1, "came back at once: " + again);
        pump.settle(again, LambdaInvoker.invoke(again));
        assertEquals(2, FaultInjector.calls("ECS.CreateService"), FaultInjector.calls().toString());
        assertTrue(pump.isEmpty());
    }

    /**
     * How many services the convergence case deploys: 25 in {@code verify} (three SendMessageBatch
     * calls, several batches per consumer), 200 in {@code bench/queue-convergence.sh}.
     */
    static final int CONVERGING_SERVICES = Integer.getInteger("bench.queue.services", 25);

    @Test
    void aDefaultsChangeIsOneItemPerServiceAndEveryServiceConverges() {
        int n = CONVERGING_SERVICES;
        long started = System.nanoTime();
        // One secret for all the copies: granted to every service.
        ObjectNode doc = ExampleConfigs.withRealSecrets(api.config(), TestClients.secretsManager(aws), "*");
        doc.remove("scaling");
        doc.remove("alarms");
        ((ObjectNode) doc.get("image")).put("tag", "b");
        for (int i = 0; i < n; i++) {
            ExampleConfigs.put(aws.ssm(), env, "svc" + i, doc.deepCopy().put("name", "svc" + i));
        }
        FaultInjector.reset();

        JsonNode answer = LambdaInvoker.invoke(parameterChange("/ecs-deployer/" + env + "/_defaults"));
        assertEquals(n + 1, answer.path("services").size(), "one item per service (api and the " + n + ")");
        assertEquals((n + 1 + 9) / 10, FaultInjector.calls("SQS.SendMessageBatch"), "ten items a call");
        assertEquals(0, FaultInjector.calls().keySet().stream().filter(op -> op.startsWith("ECS.")).count(),
                "the front changes nothing in ECS");

        pump.drainConcurrently(4, 10, 100);

        assertTrue(pump.largestBatch() <= 10, "no invocation works more than one batch");
        assertEquals(n, ecs.listServicesPaginator(b -> b.cluster(baseline.clusterName())).serviceArns().stream()
                .filter(arn -> arn.contains("svc")).count(), "every service of the environment deployed");
        System.out.printf("queue convergence: %d services deployed through the queue in %d s%n", n,
                java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @Test
    void aHealAndAPushTogetherEndOnTheNewestImageWithTheHealedSettings() {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(BATCH, 10);
        ObjectNode config = api.config();
        config.put("driftPolicy", "heal");
        api.putConfig(config);
        pump.drain(BATCH, 10);
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).enableExecuteCommand(false));

        JsonNode drift = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"" + env + "\"}");
        LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        assertEquals("HEAL_QUEUED", drift.path("services").get(0).path("status").asText(), drift.toString());

        pump.drain(BATCH, 10);

        assertTrue(runningImage().endsWith(DIGEST_B), runningImage());
        assertEquals(Boolean.TRUE, service().enableExecuteCommand(), "healed");
        JsonNode after = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"" + env + "\"}");
        assertEquals("IN_SYNC", after.path("services").get(0).path("status").asText(), after.toString());
    }

    ObjectNode parameterChange(String name) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ssm-defaults-change.json");
        ((ObjectNode) event.get("detail")).put("name", name).put("operation", "Update");
        return event;
    }

    Service service() {
        return api.service();
    }

    String runningImage() {
        return api.runningImage();
    }
}
