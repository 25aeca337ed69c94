package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged function ({@code target/function.zip}, after {@code package}) handles every sample in
 * {@code events/} through the Lambda Runtime API, run by AWS's runtime interface client as the
 * java21 runtime runs it, against moto with the example prod services. Each sample must get a
 * well-formed JSON answer (no Lambda error, no crash) and the status it should; a sample added to
 * {@code events/} without an expectation here fails the test.
 *
 * <p>With {@code -Dsamples.native=<native function.zip>} (e.g. {@code dist/native/function.zip}, from
 * {@code ./native-build.sh}) the same expectations run on the native executable instead: its
 * {@code bootstrap} started as {@code provided.al2023} starts it ({@link PackagedFunction#startNative}).
 * {@code .ci/native-samples.sh} runs it so; plain {@code verify} never needs a native build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSamplesIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The system property naming a native function.zip to test instead of the JVM package. */
    static final String NATIVE_ZIP_PROPERTY = "samples.native";

    LocalAws aws;
    LocalFleet fleet;
    RuntimeApiServer api;
    PackagedFunction function;
    /** The deployment the push started, for the deployment state change samples. */
    String deploymentId;

    /** One sample: how it is adapted to the local fleet, and what its answer must show. */
    record Sample(String file, UnaryOperator<ObjectNode> adapt, Consumer<JsonNode> expect) {
    }

    @BeforeAll
    void startFunction() {
        String nativeZip = System.getProperty(NATIVE_ZIP_PROPERTY, "");
        Path zip = nativeZip.isBlank() ? Path.of("target", "function.zip") : Path.of(nativeZip);
        assertTrue(Files.isRegularFile(zip), nativeZip.isBlank() ? "run after package: " + zip + " is missing"
                : NATIVE_ZIP_PROPERTY + "=" + zip + " is missing: build it with ./native-build.sh");
        aws = LocalAws.start(false);
        fleet = LocalFleet.create(aws.clients(), "samples");
        // As deployed: triggers queue work; each answer below is read after the queue is worked.
        aws.createWorkQueue("samples-work");
        api = RuntimeApiServer.start();
        Path taskRoot = PackagedFunction.unzip(zip, Path.of("target", "samples-it", "task"));
        Path log = Path.of("target", "samples-it", "function.log");
        function = nativeZip.isBlank()
                ? PackagedFunction.start(taskRoot, PackagedFunction.ricJars(Path.of("target", "ric")),
                        PackagedFunction.QUARKUS_HANDLER, aws.functionEnvironment(), api, log)
                : PackagedFunction.startNative(List.of(), taskRoot, aws.functionEnvironment(), api, log);
    }

    @AfterAll
    void stopFunction() {
        if (function != null) {
            function.close();
        }
        if (api != null) {
            api.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** In this order: the push first, so that what follows finds a deployed service. */
    List<Sample> samples() {
        LocalFleet.Service apiService = fleet.services().get("api");
        UnaryOperator<ObjectNode> toDeployment = e -> fleet.deploymentEvent(e, apiService, deploymentId);
        return List.of(
                new Sample("ecr-push.json", e -> LocalFleet.push(e, apiService), r -> {
                    JsonNode s = service(r, "api");
                    assertEquals("APPLIED", s.path("status").asText(), r.toString());
                    deploymentId = s.path("deploymentId").asText();
                    assertFalse(deploymentId.isEmpty(), r.toString());
                }),
                new Sample("ecr-push-untagged.json", UnaryOperator.identity(), r -> {
                    assertEquals("ok", r.path("status").asText(), r.toString());
                    assertTrue(r.path("ignored").asText().contains("untagged"), r.toString());
                }),
                new Sample("ecr-push-unfollowed.json", UnaryOperator.identity(), r -> {
                    assertEquals("ok", r.path("status").asText(), r.toString());
                    assertEquals(0, r.path("services").size(), r.toString());
                }),
                new Sample("command-plan.json", UnaryOperator.identity(),
                        r -> statusIn(service(r, "api"), "PLANNED")),
                new Sample("command-deploy.json", UnaryOperator.identity(),
                        r -> statusIn(service(r, "api"), "APPLIED", "UNCHANGED")),
                // Its digest is not in the repository: a clear failure, nothing changed.
                new Sample("command-deploy-digest.json", UnaryOperator.identity(), r -> {
                    JsonNode s = service(r, "api");
                    statusIn(s, "FAILED");
                    assertTrue(s.path("errors").toString().contains("does not exist"), s.toString());
                }),
                // What the config points at (roles, secrets, target group, network, log group, image) exists and fits.
                new Sample("command-verify.json", UnaryOperator.identity(), r -> {
                    JsonNode s = service(r, "api");
                    statusIn(s, "VERIFIED");
                    assertEquals(0, s.path("errors").size(), s.toString());
                }),
                // Held: the hold is on the service until the release, which reconciles (nothing new to deploy).
                new Sample("command-hold.json", UnaryOperator.identity(), r -> statusIn(service(r, "api"), "HELD")),
                new Sample("command-release.json", UnaryOperator.identity(),
                        r -> statusIn(service(r, "api"), "APPLIED", "UNCHANGED")),
                // No deployment has completed yet: nothing to roll back to, and it says what to do instead.
                new Sample("command-rollback.json", UnaryOperator.identity(), r -> {
                    JsonNode s = service(r, "api");
                    statusIn(s, "SKIPPED");
                    assertTrue(s.path("errors").toString().contains("no completed deployment"), s.toString());
                }),
                // Config changes before the outcomes below: those end in a rollback of the only image
                // the api has run, and an automatic path never deploys a rolled-back image again.
                new Sample("ssm-config-change.json", UnaryOperator.identity(),
                        r -> statusIn(service(r, "api"), "APPLIED", "UNCHANGED")),
                new Sample("ssm-defaults-change.json", UnaryOperator.identity(),
                        r -> assertEquals("ok", r.path("status").asText(), r.toString())),
                new Sample("ecs-deployment-in-progress.json", toDeployment, r -> outcome(r, "IN_PROGRESS")),
                new Sample("ecs-deployment-completed.json", toDeployment, r -> outcome(r, "COMPLETED")),
                new Sample("ecs-deployment-failed.json", toDeployment, r -> outcome(r, "FAILED")),
                new Sample("ecs-deployment-rollback-in-progress.json", toDeployment, r -> outcome(r, "IN_PROGRESS")),
                // The earlier deployment completes after ours failed: the circuit breaker rolled back.
                new Sample("ecs-deployment-rollback-completed.json",
                        e -> fleet.deploymentEvent(e, apiService, null), r -> outcome(r, "ROLLED_BACK")),
                new Sample("scheduled-drift-check.json", UnaryOperator.identity(), r -> {
                    assertEquals("ok", r.path("status").asText(), r.toString());
                    assertEquals(2, r.path("summary").path("checked").asInt(), r.toString());
                }),
                new Sample("command-drift-check.json", UnaryOperator.identity(), r -> {
                    assertEquals("ok", r.path("status").asText(), r.toString());
                    assertEquals(2, r.path("summary").path("checked").asInt(), r.toString());
                }),
                // CloudTrail's record of a hand edit of the api's scaling: that one service is checked at once.
                new Sample("autoscaling-put-scaling-policy.json", e -> {
                    ((ObjectNode) e.get("detail").get("requestParameters")).put("resourceId", "service/"
                            + fleet.baseline().clusterName() + "/" + apiService.ecsServiceName());
                    return e;
                }, r -> {
                    assertEquals("scaling-api-call", r.path("trigger").asText(), r.toString());
                    assertEquals(1, r.path("summary").path("checked").asInt(), r.toString());
                    assertEquals("api", service(r, "api").path("service").asText(), r.toString());
                }),
                new Sample("drift-check-requested.json", UnaryOperator.identity(), r -> {
                    assertEquals("ok", r.path("status").asText(), r.toString());
                    assertEquals(2, r.path("summary").path("checked").asInt(), r.toString());
                }),
                // A pre-deploy task of the api's family stopped, but none is pending (its config has no
                // preDeploy): queued for the service like its pushes, and ignored there.
                new Sample("ecs-task-stopped-pre-deploy.json", e -> {
                    ((ObjectNode) e.get("detail")).put("clusterArn", "arn:aws:ecs:" + LocalAws.REGION
                            + ":123456789012:cluster/" + fleet.baseline().clusterName());
                    return e;
                }, r -> {
                    JsonNode s = service(r, "api");
                    statusIn(s, "SKIPPED");
                    assertTrue(s.path("errors").toString().contains("is not the pending pre-deploy"), s.toString());
                }),
                new Sample("ssm-config-deleted.json", UnaryOperator.identity(),
                        r -> assertEquals("ok", r.path("status").asText(), r.toString())),
                // ECS calling the deployer as a lifecycle hook: answered in the invocation with a hookStatus
                // (the api config names no analysis thresholds and none of its deployment alarms is in ALARM).
                new Sample("ecs-lifecycle-hook.json", e -> e.put("serviceArn", fleet.deploymentEvent(e, apiService,
                        null).path("resources").get(0).asText()), r -> {
                    assertEquals("SUCCEEDED", r.path("hookStatus").asText(), r.toString());
                    assertEquals(1, r.size(), "ECS reads hookStatus only: " + r);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everySampleThroughTheRuntimeApi() throws IOException {
        List<Sample> samples = samples();
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = samples.stream().map(Sample::file).collect(Collectors.toCollection(TreeSet::new));
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every sample in events/ has an expectation",
                () -> assertEquals(onDisk, covered)));
        for (Sample s : samples) {
            tests.add(DynamicTest.dynamicTest(s.file(), () -> {
                ObjectNode event = (ObjectNode) MAPPER.readTree(Files.readString(Path.of("events", s.file())));
                s.expect().accept(invoke(s.adapt().apply(event).toString()));
            }));
        }
        tests.add(DynamicTest.dynamicTest("a deployment of a service nobody manages: UNMATCHED", () -> outcome(
                invoke(Files.readString(Path.of("events", "ecs-deployment-completed.json"))), "UNMATCHED")));
        tests.add(DynamicTest.dynamicTest("not JSON: rejected, not a Lambda error", () -> {
            JsonNode r = invoke("{not json");
            assertEquals("rejected", r.path("status").asText(), r.toString());
        }));
        return tests.stream();
    }

    private JsonNode invoke(String event) throws IOException {
        RuntimeApiServer.Result result = function.invoke(event, TIMEOUT);
        assertFalse(result.failed(), () -> "Lambda error " + result.errorType() + ": " + result.body()
                + "\nfunction log " + function.log());
        JsonNode response = MAPPER.readTree(result.body());
        assertTrue(response.isObject(), result.body());
        assertTrue(function.alive(), "the function process died; its log: " + function.log());
        return "sqs".equals(response.path("queue").asText()) ? aws.throughQueue(response, this::invokeBatch)
                : response;
    }

    /** The event source mapping's invocation with a batch of work items. */
    private JsonNode invokeBatch(JsonNode sqsEvent) {
        RuntimeApiServer.Result result = function.invoke(sqsEvent.toString(), TIMEOUT);
        assertFalse(result.failed(), () -> "Lambda error on a work batch " + result.errorType() + ": "
                + result.body() + "\nfunction log " + function.log());
        try {
            JsonNode answer = MAPPER.readTree(result.body());
            assertEquals(0, answer.path("batchItemFailures").size(), "every work item succeeded: " + answer);
            return answer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode service(JsonNode r, String name) {
        assertEquals("ok", r.path("status").asText(), r.toString());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        r.path("services").forEach(s -> byName.put(s.path("service").asText(), s));
        JsonNode s = byName.get(name);
        assertNotNull(s, "no report for " + name + ": " + r);
        return s;
    }

    private static void statusIn(JsonNode s, String... allowed) {
        assertTrue(List.of(allowed).contains(s.path("status").asText()),
                "expected " + String.join(" or ", allowed) + ": " + s);
    }

    private void outcome(JsonNode r, String expected) {
        assertEquals("ok", r.path("status").asText(), r.toString());
        assertEquals("deployment-state-change", r.path("trigger").asText(), r.toString());
        assertEquals(expected, r.path("outcome").asText(), r.toString());
    }
}
