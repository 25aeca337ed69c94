package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.Fault;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import dev.ecsdeployer.work.SqsBatch;
import dev.ecsdeployer.workitem.WorkItem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What would break or mislead on a real account although moto is content: the template's alarms
 * watch metrics the code emits, another tool's auto scaling is never fought, images come only from
 * the registry the config trusts, and an operator's rollback sticks.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class RealAwsBehaviourTest {

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    SqsBatch sqsBatch;

    /** The network and roles, built once for the class; each test has its own environment beside them. */
    static Baseline shared;
    static int tests;

    ApiService api;
    /** This test's environment (r1, r2, ...): its own configs, service names, cluster and repository. */
    String env;
    String service;
    AwsClientFactory aws;
    EcsClient ecs;
    Baseline baseline;
    PublishedEvents published;
    PrintStream stdout;
    ByteArrayOutputStream captured;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            shared = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "real");
        }
        env = "r" + ++tests;
        api = ApiService.alongside(shared, env);
        service = api.serviceName();
        aws = api.aws;
        ecs = api.ecs;
        baseline = api.baseline;
        published = api.published;
        api.putImage("a", DIGEST_A, "linux/arm64");
        api.putImage("b", DIGEST_B, "linux/arm64", "linux/amd64");
        LambdaInvoker.invoke(push(baseline.imageDigest(), "2026-01-01T00:00:00Z"));
        FaultInjector.reset();
        stdout = System.out;
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(stdout, captured), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
    }

    @Test
    void everyMetricTheTemplateWatchesIsEmittedWhenItHappens() throws IOException {
        // A deployment that starts and completes; one that fails and is rolled back.
        String first = deploymentId(LambdaInvoker.invoke(push(DIGEST_A, "2026-02-01T00:00:00Z")));
        LambdaInvoker.invoke(deploymentEvent("ecs-deployment-completed.json", first));
        String previous = service().taskDefinition();
        String second = deploymentId(LambdaInvoker.invoke(push(DIGEST_B, "2026-02-02T00:00:00Z")));
        LambdaInvoker.invoke(deploymentEvent("ecs-deployment-failed.json", second));
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).taskDefinition(previous));
        LambdaInvoker.invoke(deploymentEvent("ecs-deployment-rollback-completed.json", "ecs-svc/9876543210987654321"));
        // A config that fails validation; a drift check; a work item that fails its last attempt.
        ObjectNode broken = api.config();
        ((ObjectNode) broken.get("taskDefinition")).put("memory", 3000);
        ExampleConfigs.put(aws.ssm(), env, "api", broken);
        LambdaInvoker.invoke(push(DIGEST_A, "2026-02-03T00:00:00Z"));
        LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"" + env + "\"}");
        ExampleConfigs.put(aws.ssm(), env, "api", api.config());
        FaultInjector.failNext("ECS.UpdateService", Fault.SERVER_ERROR, 100);
        String image = baseline.repositoryUri() + "@" + baseline.imageDigest(); // not what runs: an update
        sqsBatch.handle(sqsEvent(new WorkItem.Deploy(env, "api", "op-1", image, Instant.now()), 5), () -> 300_000L);
        // ECS calling the deployer as a deployment's lifecycle hook: a canary verdict.
        ObjectNode hook = (ObjectNode) LambdaInvoker.sample("ecs-lifecycle-hook.json");
        hook.put("serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/" + baseline.clusterName() + "/" + service);
        LambdaInvoker.invoke(hook);

        Map<String, Set<String>> watched = watchedMetrics(Files.readString(Path.of("template.yaml")));
        Set<String> emitted = emittedMetrics(captured.toString(StandardCharsets.UTF_8));
        assertFalse(watched.get("alarms").isEmpty(), "the template's alarms were read");
        for (String kind : List.of("alarms", "dashboard")) {
            Set<String> missing = new HashSet<>(watched.get(kind));
            missing.removeAll(emitted);
            assertTrue(missing.isEmpty(), "watched by the template's " + kind + " but never emitted: " + missing
                    + " (emitted: " + emitted + ")");
        }
    }

    @Test
    void aPushKeepsTheCountAnotherToolsAutoScalingChose() {
        ObjectNode config = api.config();
        config.remove("scaling");
        config.remove("alarms");
        ExampleConfigs.put(aws.ssm(), env, "api", config);
        // Another tool (Terraform, a console user) scales the service through Application Auto Scaling.
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace("ecs").scalableDimension("ecs:service:DesiredCount")
                .resourceId("service/" + baseline.clusterName() + "/" + service).minCapacity(1).maxCapacity(10));
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(service).desiredCount(5));

        JsonNode report = LambdaInvoker.invoke(push(DIGEST_A, "2026-02-01T00:00:00Z")).path("services").get(0);

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(5, service().desiredCount(), "the count that tool chose");
        assertTrue(runningImage().endsWith(DIGEST_A));
    }

    @Test
    void aPushFromAnotherAccountIsRefusedAndNothingIsDeployed() {
        ObjectNode event = push(DIGEST_A, "2026-02-01T00:00:00Z");
        event.put("account", "210987654321");
        FaultInjector.reset();

        JsonNode report = LambdaInvoker.invoke(event).path("services").get(0);

        assertEquals("REFUSED", report.path("status").asText(), report.toString());
        String why = report.path("errors").get(0).asText();
        assertTrue(why.contains("210987654321") && why.contains("123456789012.dkr.ecr.us-east-1"), why);
        assertEquals(1, published.ofType("Deployment Refused").size());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.startsWith("ECS.")),
                "nothing read or written in ECS: " + FaultInjector.calls());
        assertTrue(runningImage().endsWith(baseline.imageDigest()));
    }

    @Test
    void anOperatorsRollbackSticksWhenThePushOfTheBadImageIsDeliveredAgain() {
        ObjectNode bad = push(DIGEST_B, "2026-02-02T00:00:00Z");
        LambdaInvoker.invoke(bad);
        assertTrue(runningImage().endsWith(DIGEST_B));

        JsonNode rollback = LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"" + env + "\",\"service\":\"api\","
                + "\"digest\":\"" + baseline.imageDigest() + "\"}").path("services").get(0);
        JsonNode redelivered = LambdaInvoker.invoke(bad).path("services").get(0);

        assertEquals("APPLIED", rollback.path("status").asText(), rollback.toString());
        assertEquals("SKIPPED", redelivered.path("status").asText(), redelivered.toString());
        assertTrue(redelivered.path("errors").get(0).asText().contains("an operator deployed"), redelivered.toString());
        assertTrue(runningImage().endsWith(baseline.imageDigest()), "the rollback stays: " + runningImage());
        // A newer push is a new release: it deploys.
        LambdaInvoker.invoke(push(DIGEST_A, Instant.now().plusSeconds(60).toString()));
        assertTrue(runningImage().endsWith(DIGEST_A), runningImage());
    }

    @Test
    void anExistingServiceTheDeployerDidNotCreateIsNotAdopted() {
        ObjectNode other = ExampleConfigs.forBaseline("realtime-prod.json", baseline).put("environment", env);
        ExampleConfigs.put(aws.ssm(), env, "realtime", other);
        // Another team's service, with the name this config derives, created outside the deployer.
        String family = "team-b-realtime";
        String td = ecs.registerTaskDefinition(b -> b.family(family).requiresCompatibilities(
                software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE).cpu("256").memory("512")
                .networkMode("awsvpc").containerDefinitions(c -> c.name("app").image("nginx"))).taskDefinition()
                .taskDefinitionArn();
        String cluster = other.path("service").path("cluster").asText(baseline.clusterName());
        ecs.createService(b -> b.cluster(cluster).serviceName("myapp-" + env + "-realtime").taskDefinition(td)
                .desiredCount(1));
        FaultInjector.reset();

        JsonNode report = LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"" + env + "\","
                + "\"service\":\"realtime\",\"digest\":\"" + baseline.imageDigest() + "\"}").path("services").get(0);

        assertEquals("SKIPPED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().contains("not adopted"), report.toString());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.matches(
                "ECS\\.(Register|Create|Update|Tag).*|CloudWatchLogs\\.(Create|Put).*|ApplicationAutoScaling\\.(Register|Put).*")),
                "nothing written: " + FaultInjector.calls());
    }

    @Test
    void twoConfigsNamingOneServiceAreBothRejectedNamingEachOther() {
        // Allowed to set names (the environment's _defaults says so), a second config names the api's service.
        ExampleConfigs.put(aws.ssm(), env, "_defaults", MAPPER.createObjectNode().put("allowNameOverrides", true));
        ObjectNode copy = api.config().put("name", "api-copy");
        copy.with("service").put("serviceName", service);
        ExampleConfigs.put(aws.ssm(), env, "api-copy", copy);
        FaultInjector.reset();

        JsonNode answer = LambdaInvoker.invoke(push(DIGEST_A, "2026-02-01T00:00:00Z"));

        assertEquals(2, answer.path("services").size(), answer.toString());
        for (JsonNode s : answer.path("services")) {
            assertEquals("REJECTED", s.path("status").asText(), s.toString());
            String other = s.path("service").asText().equals("api") ? "api-copy" : "api";
            assertTrue(s.path("errors").toString().contains("/ecs-deployer/" + env + "/" + other), s.toString());
        }
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.startsWith("ECS.")),
                "nothing read or written in ECS: " + FaultInjector.calls());
        assertTrue(runningImage().endsWith(baseline.imageDigest()));
    }

    @Test
    void aWorkItemInvokedDirectlyGetsNoMoreThanACommandWould() {
        FaultInjector.reset();
        String foreign = "210987654321.dkr.ecr.us-east-1.amazonaws.com/" + baseline.repositoryName() + "@" + DIGEST_A;
        JsonNode answer = LambdaInvoker.invoke(sqsEvent(new WorkItem.Deploy(env, "api", "x", foreign, Instant.now()), 1));
        JsonNode badName = LambdaInvoker.invoke(sqsEvent(new WorkItem.Heal(env, "api; rm -rf", "x"), 1));

        assertEquals(0, answer.path("batchItemFailures").size(), "not retried: " + answer);
        JsonNode report = answer.path("results").get(0);
        assertEquals("SKIPPED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().contains("123456789012.dkr.ecr.us-east-1.amazonaws.com"),
                report.toString());
        assertEquals("SKIPPED", badName.path("results").get(0).path("status").asText(), badName.toString());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.matches("ECS\\.(Register|Update|Tag).*")),
                "nothing written: " + FaultInjector.calls());
        assertTrue(runningImage().endsWith(baseline.imageDigest()));
    }

    @Test
    void aWorkItemClaimingAPushFromTheFutureDoesNotHoldBackRealPushes() {
        String image = baseline.repositoryUri() + "@" + DIGEST_A;
        LambdaInvoker.invoke(sqsEvent(new WorkItem.Push(env, "api", "forged", image, "latest",
                Instant.parse("9999-01-01T00:00:00Z"), List.of()), 1));
        assertTrue(runningImage().endsWith(DIGEST_A), "the forged item's image is the service's own: it may run");
        assertTrue(Instant.parse(api.tags().get("ecs-deployer:image-pushed-at")).isBefore(Instant.now().plusSeconds(1)),
                "the recorded push time is capped at the time it was worked: " + api.tags());

        JsonNode real = LambdaInvoker.invoke(push(DIGEST_B, Instant.now().plusSeconds(2).toString()));

        assertEquals("APPLIED", real.path("services").get(0).path("status").asText(), real.toString());
        assertTrue(runningImage().endsWith(DIGEST_B), runningImage());
    }

    @Test
    void anOperatorsDeployClearsThePushTimeItSupersedes() {
        // A push time recorded far ahead (by an earlier version that trusted the invoker).
        ecs.tagResource(b -> b.resourceArn(api.service().serviceArn()).tags(software.amazon.awssdk.services.ecs.model.Tag
                .builder().key("ecs-deployer:image-pushed-at").value("9999-01-01T00:00:00Z").build()));
        JsonNode refused = LambdaInvoker.invoke(push(DIGEST_A, Instant.now().toString()));
        assertEquals("SKIPPED", refused.path("services").get(0).path("status").asText(), refused.toString());

        JsonNode deployed = LambdaInvoker.invoke("{\"command\":\"deploy\",\"environment\":\"" + env + "\",\"service\":\"api\","
                + "\"digest\":\"" + DIGEST_A + "\"}");
        assertEquals("APPLIED", deployed.path("services").get(0).path("status").asText(), deployed.toString());
        JsonNode next = LambdaInvoker.invoke(push(DIGEST_B, Instant.now().plusSeconds(2).toString()));

        assertEquals("APPLIED", next.path("services").get(0).path("status").asText(), next.toString());
        assertTrue(runningImage().endsWith(DIGEST_B), runningImage());
    }

    /** Metric names the template's alarms and dashboard watch in the deployer's namespace. */
    static Map<String, Set<String>> watchedMetrics(String template) {
        Set<String> alarms = new HashSet<>();
        Matcher alarm = Pattern.compile("Namespace: !Ref MetricsNamespace\\s+MetricName: (\\w+)").matcher(template);
        while (alarm.find()) {
            alarms.add(alarm.group(1));
        }
        Set<String> dashboard = new HashSet<>();
        boolean ours = false;
        Matcher row = Pattern.compile("\\[\"([^\"]+)\", \"(\\w+)\"").matcher(template);
        while (row.find()) {
            if (!row.group(1).equals(".")) {
                ours = row.group(1).equals("${MetricsNamespace}");
            }
            if (ours) {
                dashboard.add(row.group(2));
            }
        }
        return Map.of("alarms", alarms, "dashboard", dashboard);
    }

    /** Metric names in the Embedded Metric Format lines written to standard output. */
    static Set<String> emittedMetrics(String output) throws IOException {
        Set<String> names = new HashSet<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{\"_aws\"")) {
                JsonNode emf = MAPPER.readTree(line);
                emf.path("_aws").path("CloudWatchMetrics").forEach(d -> d.path("Metrics").forEach(m -> {
                    if (emf.path(m.path("Name").asText()).isNumber()) {
                        names.add(m.path("Name").asText());
                    }
                }));
            }
        }
        return names;
    }

    static ObjectNode sqsEvent(WorkItem item, int receiveCount) {
        ObjectNode event = MAPPER.createObjectNode();
        ObjectNode r = event.putArray("Records").addObject();
        r.put("messageId", "m-1");
        r.put("eventSource", "aws:sqs");
        ObjectNode attributes = r.putObject("attributes");
        attributes.put("ApproximateReceiveCount", Integer.toString(receiveCount));
        attributes.put("MessageGroupId", item.groupId());
        try {
            r.put("body", new ObjectMapper().findAndRegisterModules().writeValueAsString(item));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    ObjectNode push(String digest, String time) {
        return api.push(digest, time);
    }

    ObjectNode deploymentEvent(String sample, String deploymentId) {
        return api.deploymentEvent(sample, deploymentId);
    }

    static String deploymentId(JsonNode answer) {
        return answer.path("services").get(0).path("deploymentId").asText();
    }

    Service service() {
        return api.service();
    }

    String runningImage() {
        return api.runningImage();
    }

    /** Standard output as it was, and a copy. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
