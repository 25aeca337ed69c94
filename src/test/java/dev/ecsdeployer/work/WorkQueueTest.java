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
    static final String SERVICE = "myapp-prod-api";

    ApiService api;
    AwsClientFactory aws;
    EcsClient ecs;
    SqsClient sqs;
    Baseline baseline;
    PublishedEvents published;
    String dlqUrl;
    QueuePump pump;

    @BeforeEach
    void setUp() {
        api = ApiService.onFreshMoto();
        aws = api.aws;
        ecs = api.ecs;
        // The pump is Lambda's event source mapping, not the deployer: it talks to moto directly, uncounted.
        sqs = SqsClient.builder().endpointOverride(MotoServer.start().motoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dlqUrl = QueuePump.createQueues(sqs, QueuedProfile.QUEUE, QueuedProfile.DEAD_LETTERS,
                QueuedProfile.MAX_RECEIVES);
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(QueuedProfile.QUEUE)).queueUrl();
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
        assertEquals("prod/api", answer.path("services").get(0).path("workItem").path("environment").asText()
                + "/" + answer.path("services").get(0).path("workItem").path("service").asText());
        assertEquals(0, ecs.listServices(b -> b.cluster(baseline.clusterName())).serviceArns().size(),
                "nothing deployed before the item is worked");
        pump.drain(10, 10);
        FaultInjector.reset();

        JsonNode again = LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        Map<String, Integer> front = FaultInjector.calls();
        assertEquals("QUEUED", again.path("services").get(0).path("status").asText());
        assertEquals(Map.of("SSM.GetParametersByPath", 1, "ECR.BatchGetImage", 1, "SQS.SendMessageBatch", 1), front,
                "the front reads configs and the image platform, and queues: nothing in ECS");
        pump.drain(10, 10);
        Map<String, Integer> all = FaultInjector.calls();

        System.out.println("AWS calls for one push to one existing service through the queue (front + worker): "
                + all.values().stream().mapToInt(Integer::intValue).sum() + " " + all);
        assertEquals(Map.of("SSM.GetParametersByPath", 1, "ECR.BatchGetImage", 1, "SQS.SendMessageBatch", 1,
                "SSM.GetParameters", 1, "ECS.DescribeServices", 1, "ECS.DescribeTaskDefinition", 1,
                "ECS.RegisterTaskDefinition", 1, "ECS.UpdateService", 1, "ECS.TagResource", 1,
                "EventBridge.PutEvents", 1), all);
        assertTrue(runningImage().endsWith(DIGEST_B), runningImage());
        assertEquals(2, published.ofType("Deployment Started").size());
    }

    @Test
    void threePushesAtOnceAreAppliedOneAfterTheOtherAndTheNewestWins() throws Exception {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(10, 10);
        int before = ecs.listTaskDefinitions(b -> b.familyPrefix(SERVICE)).taskDefinitionArns().size();

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
                int handled = 0;
                for (int round = 0; round < 20; round++) {
                    handled += pump.pumpOnce(1);
                }
                return handled;
            }));
        }
        int handled = consumers.stream().mapToInt(CompletableFuture::join).sum();

        assertEquals(3, handled, "each push is one work item");
        assertEquals(1, pump.maxInFlightPerGroup(), "the queue hands out one item of a service at a time");
        assertTrue(runningImage().endsWith(DIGEST_C), "the newest push wins: " + runningImage());
        int after = ecs.listTaskDefinitions(b -> b.familyPrefix(SERVICE)).taskDefinitionArns().size();
        assertTrue(after - before <= 2, "one revision per newer image at most, was " + (after - before));
    }

    @Test
    void anItemThatKeepsFailingIsRetriedThenDeadLetteredWhileAnotherServiceDeploys() {
        Baseline other = MotoBaseline.create(aws, "realtime");
        ExampleConfigs.put(aws.ssm(), "prod", "realtime", ExampleConfigs.forBaseline("realtime-prod.json", other));
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(10, 10);
        LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        LambdaInvoker.invoke(LambdaInvoker.push(other.repositoryName(), other.imageDigest(), "latest",
                "2026-06-02T00:00:00Z"));
        FaultInjector.failNext("ECS.UpdateService", Fault.SERVER_ERROR, 1000);

        // Both items arrive in one batch; the api's update fails every time, the realtime service is created.
        for (int attempt = 0; attempt < QueuedProfile.MAX_RECEIVES + 1; attempt++) {
            pump.pumpOnce(10);
        }

        assertTrue(ecs.describeServices(b -> b.cluster(other.clusterName()).services("myapp-prod-realtime"))
                .services().stream().anyMatch(s -> "ACTIVE".equals(s.status())), "the other service deployed");
        List<JsonNode> dead = QueuePump.bodies(sqs, dlqUrl);
        assertEquals(1, dead.size(), "the failing item is in the dead-letter queue: " + dead);
        assertEquals("api", dead.get(0).path("service").asText());
        assertEquals(DIGEST_B, dead.get(0).path("image").asText().substring(dead.get(0).path("image").asText()
                .indexOf('@') + 1));
        assertEquals(1, published.ofType("Work Item Dead-Lettered").size());
        assertEquals(1, published.ofType("Deployment Failed").size(), "announced once, on the last attempt");
        assertTrue(runningImage().endsWith(baseline.imageDigest()), "the api still runs what it ran");
    }

    @Test
    void aDefaultsChangeForTwoHundredServicesIsTwoHundredItemsAndAllConverge() {
        int n = 200;
        ObjectNode doc = ExampleConfigs.withRealSecrets(ExampleConfigs.forBaseline("api-prod.json", baseline),
                TestClients.secretsManager(aws));
        doc.remove("scaling");
        doc.remove("alarms");
        ((ObjectNode) doc.get("image")).put("tag", "b");
        for (int i = 0; i < n; i++) {
            ExampleConfigs.put(aws.ssm(), "prod", "svc" + i, doc.deepCopy().put("name", "svc" + i));
        }
        FaultInjector.reset();

        JsonNode answer = LambdaInvoker.invoke(parameterChange("/ecs-deployer/prod/_defaults"));
        assertEquals(n + 1, answer.path("services").size(), "one item per service (api and the 200)");
        assertEquals((n + 1 + 9) / 10, FaultInjector.calls("SQS.SendMessageBatch"), "ten items a call");
        assertEquals(0, FaultInjector.calls().keySet().stream().filter(op -> op.startsWith("ECS.")).count(),
                "the front changes nothing in ECS");

        pump.drainConcurrently(4, 10, 100);

        assertTrue(pump.largestBatch() <= 10, "no invocation works more than one batch");
        assertEquals(n, ecs.listServicesPaginator(b -> b.cluster(baseline.clusterName())).serviceArns().stream()
                .filter(arn -> arn.contains("svc")).count(), "every service of the environment deployed");
    }

    @Test
    void aHealAndAPushTogetherEndOnTheNewestImageWithTheHealedSettings() {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-06-01T00:00:00Z"));
        pump.drain(10, 10);
        ObjectNode config = ExampleConfigs.forBaseline("api-prod.json", baseline);
        config.put("driftPolicy", "heal");
        ExampleConfigs.put(aws.ssm(), "prod", "api", config);
        pump.drain(10, 10);
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(SERVICE).enableExecuteCommand(false));

        JsonNode drift = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        LambdaInvoker.invoke(push(DIGEST_B, "2026-06-02T00:00:00Z"));
        assertEquals("HEAL_QUEUED", drift.path("services").get(0).path("status").asText(), drift.toString());

        pump.drain(10, 10);

        assertTrue(runningImage().endsWith(DIGEST_B), runningImage());
        assertEquals(Boolean.TRUE, service().enableExecuteCommand(), "healed");
        JsonNode after = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
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
