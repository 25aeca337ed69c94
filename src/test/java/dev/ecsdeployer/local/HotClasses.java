package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.verify.TestManifests;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists the classes the first invocation still loads after a primed init (run by
 * {@code bench/hot-classes.sh}): the packaged function started as for a SnapStart snapshot, with the
 * JVM logging every class it loads, once only through init and once through init and a deploying push
 * to an existing service on moto. The difference, less JDK classes and generated ones, is written to
 * {@code src/main/resources/META-INF/quarkus-preload-classes.txt}, which Quarkus loads during init when
 * SnapStart support is on (the Lambda extension turns it on).
 *
 * <p>Arguments: {@code <function.zip> <output file>}.
 */
public final class HotClasses {

    private static final Pattern LOADED = Pattern.compile("\\]\\s*([^ \\[\\]]+) source: (.+)$");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    public static void main(String[] args) throws IOException, InterruptedException {
        Path zip = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> ric = PackagedFunction.ricJars(Path.of("target", "ric"));
        Path dir = Path.of("target", "hot-classes");
        Path root = PackagedFunction.unzip(zip, dir.resolve("task"));
        LocalAws aws = LocalAws.start();
        LocalFleet fleet = LocalFleet.create(aws.clients(), "hot");
        LocalFleet.Service api = fleet.services().get("api");
        ObjectNode sample = (ObjectNode) new ObjectMapper().readTree(Files.readString(Path.of("events", "ecr-push.json")));

        // The service exists: the measured push is a rollout to an existing service.
        run(aws, root, ric, dir, "deploy", push(aws, api, sample, 1), false);
        Set<String> initOnly = run(aws, root, ric, dir, "init", null, true);
        Set<String> withPush = run(aws, root, ric, dir, "push", push(aws, api, sample, 2), true);
        Set<String> hot = new TreeSet<>(withPush);
        hot.removeAll(initOnly);
        Files.createDirectories(out.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder("# Classes a deploying push still loads after a primed init (bench/hot-classes.sh);\n"
                + "# Quarkus loads them during init when SnapStart support is on. Generated: do not edit by hand.\n");
        hot.forEach(c -> text.append(c).append('\n'));
        Files.writeString(out, text.toString());
        System.out.printf("%d classes loaded by init only, %d by init and a push: %d hot classes written to %s%n",
                initOnly.size(), withPush.size(), hot.size(), out);
        aws.close();
        System.exit(0);
    }

    private static String push(LocalAws aws, LocalFleet.Service api, ObjectNode sample, int release) {
        String manifest = TestManifests.index("linux/amd64", "linux/arm64")
                .replace("\"schemaVersion\":2,", "\"schemaVersion\":2,\"annotations\":{\"hot\":\"" + release + "\"},");
        String digest;
        try (EcrClient ecr = aws.clients().ecr()) {
            digest = TestManifests.put(ecr, api.repository(), "latest", manifest);
        }
        ObjectNode event = LocalFleet.push(sample, api, digest, Instant.parse("2026-07-01T00:00:00Z").plusSeconds(release));
        event.put("id", UUID.randomUUID().toString());
        return event.toString();
    }

    /** The application classes (not the JDK's, not generated lambdas) one function process loaded. */
    private static Set<String> run(LocalAws aws, Path root, List<Path> ric, Path dir, String name, String event,
                                   boolean snapStart) throws IOException, InterruptedException {
        Path classLog = dir.resolve(name + "-classes.log").toAbsolutePath();
        Files.deleteIfExists(classLog);
        Map<String, String> env = new LinkedHashMap<>(aws.functionEnvironment());
        if (snapStart) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
        }
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = PackagedFunction.start(root, ric, PackagedFunction.QUARKUS_HANDLER, env, runtime,
                     dir.resolve(name + ".log"))) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (runtime.firstNextNanos() == 0 && System.nanoTime() < deadline && f.alive()) {
                Thread.sleep(20);
            }
            if (event != null) {
                RuntimeApiServer.Result r = f.invoke(event, TIMEOUT);
                if (r.failed() || !r.body().contains("\"APPLIED\"")) {
                    throw new IllegalStateException(name + ": the push did not deploy: " + r.body());
                }
            }
            Thread.sleep(500);
        }
        Set<String> classes = new TreeSet<>();
        if (!snapStart) {
            return classes;
        }
        for (String line : Files.readAllLines(classLog)) {
            Matcher m = LOADED.matcher(line);
            if (!m.find()) {
                continue;
            }
            String cls = m.group(1);
            String source = m.group(2);
            boolean application = source.startsWith("file:") && source.contains(root.getFileName().toString());
            if (application && !cls.contains("$$Lambda") && !cls.contains("/0x") && !cls.contains("$Proxy")) {
                classes.add(cls);
            }
        }
        return classes;
    }
}
