package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.MotoNotInstalledException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The local run (README's first command, via {@code ./local-run.sh}): the packaged function, run as
 * Lambda's java21 runtime runs it, against a local AWS endpoint, fed the samples of {@code events/}
 * in the order a real service sees them. Prints what the deployer did at each step and exits 0 only
 * if every step did what it should.
 *
 * <p>Expects {@code target/function.zip} and {@code target/ric/} ({@code ./mvnw package}) and runs from
 * the project directory.
 */
public final class LocalRun {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(3);
    private static final PrintStream OUT = System.out;

    private final LocalAws aws;
    private final LocalFleet fleet;
    private final PackagedFunction function;
    private final List<String> failures = new ArrayList<>();
    private int step;
    private static final int STEPS = 8;
    /** Later than the sample push: an older image never replaces a newer one. */
    private static final Instant SECOND_RELEASE = Instant.parse("2026-05-20T12:30:00Z");

    private LocalRun(LocalAws aws, LocalFleet fleet, PackagedFunction function) {
        this.aws = aws;
        this.fleet = fleet;
        this.function = function;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args).contains("--native"));
        } catch (MotoNotInstalledException e) {
            System.err.println("\nlocal run: " + e.getMessage()
                    + "\nOr point AWS_ENDPOINT_URL at a running moto or LocalStack, and the run uses that instead.");
            code = 2;
        } catch (RuntimeException e) {
            System.err.println("\nlocal run failed: " + e);
            code = 1;
        }
        // halt would skip the hooks that stop moto and the function; exit runs them.
        System.exit(code);
    }

    /** @param nativeBuild run native-build.sh's dist/native/function.zip as provided.al2023 does */
    private static int run(boolean nativeBuild) {
        Path zip = nativeBuild ? Path.of("dist", "native", "function.zip") : Path.of("target", "function.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run " + (nativeBuild ? "./native-build.sh" : "./mvnw package")
                    + " first (local-run.sh does)");
        }
        List<Path> ric = nativeBuild ? List.of() : PackagedFunction.ricJars(Path.of("target", "ric"));
        OUT.println(nativeBuild
                ? "ecs-deployer local run: the native function as provided.al2023 runs it (bootstrap), against a local AWS\n"
                : "ecs-deployer local run: the packaged function under AWS's runtime interface client, against a local AWS\n");

        LocalAws aws = LocalAws.start();
        Runtime.getRuntime().addShutdownHook(new Thread(aws::close, "gateway-stop"));
        OUT.printf("  endpoint   %s%s%n", aws.endpoint(), aws.startedMoto()
                ? "  (moto, started by this run; its log: target/moto-server.log)" : "  (AWS_ENDPOINT_URL)");

        // On a shared endpoint, names from an earlier run must not collide.
        String name = aws.startedMoto() ? "myapp-prod"
                : "myapp-prod-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        LocalFleet fleet = LocalFleet.create(aws.clients(), name);
        OUT.printf("  baseline   cluster %s, VPC %s, ALB + target groups, execution/task roles%n",
                fleet.baseline().clusterName(), fleet.baseline().vpcId());
        for (LocalFleet.Service s : fleet.services().values()) {
            OUT.printf("  config     /ecs-deployer/%s/%s  <- examples/%s-prod.json, follows %s:%s (%s)%n",
                    LocalFleet.ENVIRONMENT, s.name(), s.name(), s.repository(),
                    s.config().path("image").path("tag").asText(), shortDigest(s.digest()));
        }

        String queue = aws.createWorkQueue(name + "-work");
        OUT.printf("  queue      %s (FIFO, one message group per service; this run pumps it as Lambda would)%n",
                queue);

        Path taskRoot = PackagedFunction.unzip(zip, Path.of("target", "local-run", "task"));
        RuntimeApiServer api = RuntimeApiServer.start();
        Path log = Path.of("target", "local-run", "function.log");
        PackagedFunction function = nativeBuild
                ? PackagedFunction.startNative(List.of(), taskRoot, aws.functionEnvironment(), api, log)
                : PackagedFunction.start(taskRoot, ric, PackagedFunction.QUARKUS_HANDLER, aws.functionEnvironment(), api, log);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            function.close();
            api.close();
        }, "function-stop"));
        if (nativeBuild) {
            OUT.printf("  function   %s (%.1f MB) unzipped to %s, runs %s/bootstrap%n", zip, size(zip) / 1e6, taskRoot,
                    taskRoot);
            OUT.printf("             Runtime API at %s; its log: %s%n", api.address(), log);
        } else {
            OUT.printf("  function   %s (%.1f MB) unzipped to %s, handler %s%n", zip, size(zip) / 1e6, taskRoot,
                    PackagedFunction.QUARKUS_HANDLER);
            OUT.printf("             java %s -cp <runtime interface client> AWSLambda; Runtime API at %s; its log: %s%n",
                    String.join(" ", PackagedFunction.lambdaJvmFlags(PackagedFunction.MEMORY_MB)), api.address(), log);
        }

        LocalRun run = new LocalRun(aws, fleet, function);
        run.story();
        return run.report();
    }

    private void story() {
        LocalFleet.Service api = fleet.services().get("api");
        LocalFleet.Service realtime = fleet.services().get("realtime");

        // The first release of each service: everything is created.
        invoke("ECR push " + api.repository() + ":latest, first image", "events/ecr-push.json",
                LocalFleet.push(sample("ecr-push.json"), api), r -> expectApplied(r, "api"));
        invoke("ECR push " + realtime.repository() + ":latest, first image", "events/ecr-push.json",
                LocalFleet.push(sample("ecr-push.json"), realtime), r -> expectApplied(r, "realtime"));

        // A new release of each: a rolling update with the circuit breaker. (On moto this is also
        // what stores the deployment settings its CreateService drops; see harness/MOTO-GAPS.md.)
        JsonNode released = null;
        for (LocalFleet.Service s : List.of(api, realtime)) {
            String digest;
            try (EcrClient ecr = aws.clients().ecr()) {
                digest = LocalFleet.putImage(ecr, s.repository(), "latest", "2");
            }
            JsonNode r = invoke("ECR push " + s.repository() + ":latest, new image " + shortDigest(digest),
                    "events/ecr-push.json", LocalFleet.push(sample("ecr-push.json"), s, digest, SECOND_RELEASE),
                    resp -> expectApplied(resp, s.name()));
            if (s == api) {
                released = r;
            }
        }

        String deploymentId = released == null ? null : deployedId(released, "api");
        if (deploymentId == null) {
            skip("ECS deployment completed", "no deployment id from the api release");
        } else {
            invoke("ECS deployment " + deploymentId + " completed", "events/ecs-deployment-completed.json",
                    fleet.deploymentEvent(sample("ecs-deployment-completed.json"), api, deploymentId),
                    r -> expectOutcome(r, "COMPLETED", deploymentId));
        }

        invoke("scheduled drift check", "events/scheduled-drift-check.json", sample("scheduled-drift-check.json"),
                r -> expectDrift(r, 0));

        handEdit();

        invoke("scheduled drift check", "events/scheduled-drift-check.json", sample("scheduled-drift-check.json"),
                r -> expectDrift(r, 1));
    }

    /** Someone changes the api log group's retention from 30 to 7 days in the console. */
    private void handEdit() {
        step++;
        String group = "/ecs/myapp-prod/api";
        OUT.printf("%n[%d/%d] hand edit (not through the deployer): log group %s retention 30 -> 7 days%n", step, STEPS,
                group);
        try (CloudWatchLogsClient logs = aws.clients().logs()) {
            logs.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(7));
            OUT.println("      done with PutRetentionPolicy");
        }
    }

    private JsonNode invoke(String title, String source, JsonNode event, Function<JsonNode, List<String>> check) {
        step++;
        OUT.printf("%n[%d/%d] %s   (%s)%n", step, STEPS, title, source);
        long before = System.nanoTime();
        RuntimeApiServer.Result result;
        try {
            result = function.invoke(event.toString(), INVOKE_TIMEOUT);
        } catch (RuntimeException e) {
            fail(title, e.getMessage() + "\n" + tail(function.output()));
            return null;
        }
        if (step == 1 && function.spawnedNanos() > 0) {
            OUT.printf("      cold start: process start to first response %.2f s%n",
                    (System.nanoTime() - function.spawnedNanos()) / 1e9);
        } else {
            OUT.printf("      answered in %.2f s%n", (System.nanoTime() - before) / 1e9);
        }
        if (result.failed()) {
            fail(title, "the function answered with a Lambda error " + result.errorType() + ": " + result.body());
            return null;
        }
        JsonNode response;
        try {
            response = MAPPER.readTree(result.body());
        } catch (IOException e) {
            fail(title, "the response is not JSON: " + result.body());
            return null;
        }
        if (response.path("queue").asText().equals("sqs")) {
            OUT.println("      queued; working the queue (receive, invoke with the SQS event, delete)");
            response = aws.throughQueue(response, this::invokeQuietly);
        }
        Summary.print(OUT, response);
        List<String> problems = check.apply(response);
        if (problems.isEmpty()) {
            OUT.println("      OK");
        } else {
            problems.forEach(p -> fail(title, p));
        }
        return response;
    }

    /** One invocation by the queue pump; a Lambda error is an answer with every record failed. */
    private JsonNode invokeQuietly(JsonNode event) {
        RuntimeApiServer.Result r = function.invoke(event.toString(), INVOKE_TIMEOUT);
        try {
            if (r.failed()) {
                throw new IllegalStateException("the function failed on a work batch: " + r.errorType() + " "
                        + r.body());
            }
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("the work batch's answer is not JSON: " + r.body(), e);
        }
    }

    private void skip(String title, String why) {
        step++;
        OUT.printf("%n[%d/%d] %s%n", step, STEPS, title);
        fail(title, "not run: " + why);
    }

    private void fail(String title, String problem) {
        OUT.println("      FAILED: " + problem);
        failures.add(title + ": " + problem);
    }

    private int report() {
        checkLog();
        long rssKb = function.peakRssKb();
        if (rssKb > 0) {
            OUT.printf("      function process: peak RSS %.1f MB%n", rssKb / 1024.0);
        }
        OUT.println();
        if (failures.isEmpty()) {
            OUT.printf("local run: all %d steps did what they should.%n", step);
            return 0;
        }
        OUT.printf("local run: %d problem(s):%n", failures.size());
        failures.forEach(f -> OUT.println("  - " + f));
        OUT.println("The function's log: " + function.log());
        return 1;
    }

    /**
     * Lambda's JSON log format passes a line through only if it is a JSON object: every line the
     * function wrote must be one, with {@code timestamp} and {@code level}, and those written while it
     * handled an event must carry the request id ({@code requestId}, or {@code mdc.requestId}).
     */
    private void checkLog() {
        List<String> lines;
        try {
            lines = Files.readAllLines(function.log());
        } catch (IOException e) {
            fail("function log", "cannot read " + function.log() + ": " + e.getMessage());
            return;
        }
        int checked = 0;
        int withRequest = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            checked++;
            JsonNode o;
            try {
                o = MAPPER.readTree(line);
            } catch (IOException e) {
                o = null;
            }
            if (o == null || !o.isObject() || !o.has("timestamp") || !o.has("level")) {
                fail("function log", "a line that is not a JSON object with timestamp and level: " + line);
                return;
            }
            if (o.hasNonNull("requestId") || o.path("mdc").hasNonNull("requestId")) {
                withRequest++;
            } else if (o.has("type") || o.has("_aws")) {
                fail("function log", "a report or metric line without the request id: " + line);
                return;
            }
        }
        OUT.printf("%n      function log: %d lines, every one a JSON object with timestamp and level; %d with the"
                + " request id (the others: the runtime's start, before any request)%n", checked, withRequest);
    }

    // ---- expectations, on the handler's response shapes

    static List<String> expectApplied(JsonNode r, String service) {
        List<String> p = expectStatus(r, service, "APPLIED");
        JsonNode s = find(r, service);
        if (s != null && s.path("deploymentId").asText("").isEmpty()) {
            p.add(service + ": APPLIED without a deploymentId");
        }
        return p;
    }

    static List<String> expectStatus(JsonNode r, String service, String... allowed) {
        List<String> p = new ArrayList<>();
        if (!"ok".equals(r.path("status").asText())) {
            p.add("status " + r.path("status").asText() + ": " + r.path("error").asText(r.toString()));
            return p;
        }
        JsonNode s = find(r, service);
        if (s == null) {
            p.add("no report for service " + service + " in " + r.path("services"));
        } else if (!List.of(allowed).contains(s.path("status").asText())) {
            p.add(service + ": expected " + String.join(" or ", allowed) + ", got " + s.path("status").asText()
                    + errors(s));
        }
        return p;
    }

    static List<String> expectOutcome(JsonNode r, String outcome, String deploymentId) {
        List<String> p = new ArrayList<>();
        if (!"ok".equals(r.path("status").asText())) {
            p.add("status " + r.path("status").asText() + ": " + r.path("error").asText(r.toString()));
        } else if (!outcome.equals(r.path("outcome").asText())) {
            p.add("expected outcome " + outcome + ", got " + r.path("outcome").asText() + " (" + r.path("reason").asText() + ")");
        } else if (!deploymentId.equals(r.path("deploymentId").asText())) {
            p.add("expected deployment " + deploymentId + ", got " + r.path("deploymentId").asText());
        }
        return p;
    }

    /** {@code drifted} services drifted; with one, it is api with exactly the hand edit's difference. */
    static List<String> expectDrift(JsonNode r, int drifted) {
        List<String> p = new ArrayList<>();
        if (!"ok".equals(r.path("status").asText())) {
            p.add("status " + r.path("status").asText() + ": " + r.path("error").asText(r.toString()));
            return p;
        }
        JsonNode summary = r.path("summary");
        if (summary.path("checked").asInt() < 2) {
            p.add("expected both services checked, summary " + summary);
        }
        if (summary.path("drifted").asInt(-1) != drifted) {
            p.add("expected " + drifted + " drifted service(s), summary " + summary + " " + r.path("services"));
            return p;
        }
        for (JsonNode s : r.path("services")) {
            String status = s.path("status").asText();
            boolean isApi = "api".equals(s.path("service").asText());
            if (drifted == 0 && !"IN_SYNC".equals(status)) {
                p.add(s.path("service").asText() + ": expected IN_SYNC, got " + status + " " + s.path("differences") + errors(s));
            }
            if (drifted == 1 && !isApi && !"IN_SYNC".equals(status)) {
                p.add(s.path("service").asText() + ": expected IN_SYNC, got " + status + " " + s.path("differences"));
            }
            if (drifted == 1 && isApi) {
                JsonNode d = s.path("differences");
                boolean exactlyRetention = "DRIFTED".equals(status) && d.size() == 1
                        && d.get(0).path("path").asText().toLowerCase(Locale.ROOT).contains("retention")
                        && "30".equals(d.get(0).path("desired").asText()) && "7".equals(d.get(0).path("actual").asText());
                if (!exactlyRetention) {
                    p.add("api: expected DRIFTED with exactly the retention 30 -> 7, got " + status + " " + d);
                }
            }
        }
        return p;
    }

    private static JsonNode find(JsonNode r, String service) {
        for (JsonNode s : r.path("services")) {
            if (service.equals(s.path("service").asText())) {
                return s;
            }
        }
        return null;
    }

    private static String deployedId(JsonNode r, String service) {
        JsonNode s = find(r, service);
        String id = s == null ? "" : s.path("deploymentId").asText("");
        return id.isEmpty() ? null : id;
    }

    private static String errors(JsonNode s) {
        return s.path("errors").isEmpty() ? "" : " " + s.path("errors");
    }

    static ObjectNode sample(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(Files.readString(Path.of("events", name)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read events/" + name, e);
        }
    }

    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 20);
        StringBuilder b = new StringBuilder("      last lines of the function's log:\n");
        for (int i = from; i < lines.length; i++) {
            b.append("        ").append(lines[i]).append('\n');
        }
        return b.toString();
    }
}
