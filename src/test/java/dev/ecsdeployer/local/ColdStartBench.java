package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.MotoNotInstalledException;
import dev.ecsdeployer.verify.TestManifests;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Cold-start benchmark (run by {@code bench/cold-start.sh}): the packaged deployer under AWS's runtime
 * interface client with Lambda's JVM flags, beside an empty Quarkus Lambda answering {} and, when
 * given, the deployer as it was before (a baseline zip), all in one run against one moto. Every
 * deployer event is a <em>deploying</em> push to an existing service: a new image under the followed
 * tag, so each one registers a task definition revision and updates the service (worked inline, as
 * without a work queue).
 * <ul>
 *   <li>(a) process start to first response of an on-demand cold start (no priming), medians over the
 *       runs, fresh process each, alternating;</li>
 *   <li>(b) a process started as for a SnapStart snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}:
 *       the runtime interface client runs the checkpoint hooks and asks {@code restore/next} when init is
 *       over; the deployer primes during that init): the first invocation's handler time beside the warm
 *       handler time (c's median), and the second invocation's;</li>
 *   <li>(c) warm handler time over 50 deploying pushes in one process (after 5 unmeasured), p50 and p95;</li>
 *   <li>the zips' sizes and the function processes' peak RSS.</li>
 * </ul>
 * A benchmark, not a test: it prints figures and exits 0 unless a run fails.
 *
 * <p>Arguments: {@code <deployer zip> <empty zip> <runs> <cpu list for taskset, or "all"> [<baseline zip>]}.
 */
public final class ColdStartBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int WARM_PUSHES = 50;
    private static final int WARM_UP_PUSHES = 5;
    static final double AIM_COLD_RATIO = 2.0;
    static final double AIM_FIRST_TO_WARM = 2.0;
    static final double AIM_WARM_P95_MS = 150;

    /** (a): an on-demand cold start. */
    record Run(double initSeconds, double firstResponseSeconds, long peakRssKb) {
    }

    /** (b): a SnapStart-style start: init (primed) ends at restore/next; then the first and second invocations. */
    record Restored(double initSeconds, double firstHandlerMs, double secondHandlerMs, long peakRssKb) {
    }

    record Variant(String label, Path zip, Path root, List<Run> runs, List<Restored> restored) {
        Variant(String label, Path zip, Path root) {
            this(label, zip, root, new ArrayList<>(), new ArrayList<>());
        }
    }

    private final LocalAws aws;
    private final LocalFleet.Service api;
    private final ObjectNode sample;
    private final List<String> launcher;
    private final List<Path> ric;
    private final Path dir;
    private Instant pushTime = Instant.parse("2026-06-01T00:00:00Z");
    private int release = 100;

    private ColdStartBench(LocalAws aws, LocalFleet fleet, List<String> launcher, List<Path> ric, Path dir)
            throws IOException {
        this.aws = aws;
        this.api = fleet.services().get("api");
        this.sample = (ObjectNode) MAPPER.readTree(Files.readString(Path.of("events", "ecr-push.json")));
        this.launcher = launcher;
        this.ric = ric;
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: ColdStartBench <deployer function.zip> <empty function.zip> <runs> <cpus|all> [<baseline function.zip>]");
            System.exit(2);
        }
        int runs = Integer.parseInt(args[2]);
        List<String> launcher = "all".equals(args[3]) ? List.of() : List.of("taskset", "-c", args[3]);
        List<Path> ric = PackagedFunction.ricJars(Path.of("target", "ric"));
        LocalAws aws;
        try {
            aws = LocalAws.start();
        } catch (MotoNotInstalledException e) {
            System.err.println("cold-start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = Path.of("target", "bench");
        LocalFleet fleet = LocalFleet.create(aws.clients(), "bench");
        ColdStartBench bench = new ColdStartBench(aws, fleet, launcher, ric, dir);

        Variant empty = new Variant("empty Quarkus Lambda", Path.of(args[1]),
                PackagedFunction.unzip(Path.of(args[1]), dir.resolve("empty")));
        List<Variant> deployers = new ArrayList<>();
        if (args.length == 5) {
            deployers.add(new Variant("deployer before (baseline)", Path.of(args[4]),
                    PackagedFunction.unzip(Path.of(args[4]), dir.resolve("baseline"))));
        }
        deployers.add(new Variant(args.length == 5 ? "deployer after" : "deployer", Path.of(args[0]),
                PackagedFunction.unzip(Path.of(args[0]), dir.resolve("deployer"))));

        System.out.printf("cold start under the runtime interface client, Lambda's JVM flags (%s), %s%n",
                String.join(" ", PackagedFunction.lambdaJvmFlags(PackagedFunction.MEMORY_MB)),
                launcher.isEmpty() ? "all CPUs" : "CPUs " + args[3] + " (taskset)");
        System.out.printf("java %s (%s); %d runs of each after one warm-up each, alternating; every deployer event is"
                + " a deploying push to an existing service on moto%n%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), runs);

        // The service exists before the first measured push (deployed once, unmeasured).
        bench.deployOnce(deployers.get(deployers.size() - 1));

        for (int i = 0; i <= runs; i++) {
            Run e = bench.once(empty, false);
            List<Run> ds = new ArrayList<>();
            List<Restored> rs = new ArrayList<>();
            for (Variant d : deployers) {
                ds.add(bench.once(d, true));
                rs.add(bench.restored(d));
            }
            if (i == 0) {
                continue; // warm-up: the page cache, not the JVM, is what differs on a first run
            }
            empty.runs().add(e);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "run %d  empty %.2f s", i,
                    e.firstResponseSeconds()));
            for (int k = 0; k < deployers.size(); k++) {
                deployers.get(k).runs().add(ds.get(k));
                deployers.get(k).restored().add(rs.get(k));
                line.append(String.format(Locale.ROOT, " | %s: (a) init %.2f s, first response %.2f s;"
                                + " (b) init %.2f s, first %.0f ms, second %.0f ms", deployers.get(k).label(),
                        ds.get(k).initSeconds(), ds.get(k).firstResponseSeconds(), rs.get(k).initSeconds(),
                        rs.get(k).firstHandlerMs(), rs.get(k).secondHandlerMs()));
            }
            System.out.println(line);
        }

        Map<Variant, double[]> warm = new LinkedHashMap<>();
        Map<Variant, Map<String, List<Double>>> calls = new LinkedHashMap<>();
        for (Variant d : deployers) {
            warm.put(d, bench.warm(d));
            calls.put(d, aws.gateway().timings());
        }

        double emptyFirst = median(empty.runs().stream().mapToDouble(Run::firstResponseSeconds).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "(a) process start -> first response (median of %d; init = start -> first invocation/next)%n",
                runs);
        System.out.printf(Locale.ROOT, "    %-28s %6.2f s   init %.2f s%n", empty.label(), emptyFirst,
                median(empty.runs().stream().mapToDouble(Run::initSeconds).toArray()));
        for (Variant d : deployers) {
            double first = median(d.runs().stream().mapToDouble(Run::firstResponseSeconds).toArray());
            double ratio = first / emptyFirst;
            System.out.printf(Locale.ROOT, "    %-28s %6.2f s   init %.2f s   %.2fx empty (aim <= %.1fx: %s)%n", d.label(), first,
                    median(d.runs().stream().mapToDouble(Run::initSeconds).toArray()), ratio, AIM_COLD_RATIO,
                    ratio <= AIM_COLD_RATIO ? "met" : "NOT met");
        }
        System.out.println("(b) SnapStart-style start (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start: init, with priming where the"
                + " deployer has it, ends at restore/next): the first invocation's handler time beside the warm one (c's p50)");
        for (Variant d : deployers) {
            double first = median(d.restored().stream().mapToDouble(Restored::firstHandlerMs).toArray());
            double second = median(d.restored().stream().mapToDouble(Restored::secondHandlerMs).toArray());
            double warmP50 = percentile(warm.get(d), 50);
            double ratio = first / warmP50;
            System.out.printf(Locale.ROOT, "    %-28s init %5.2f s   first %6.0f ms   second %5.0f ms   warm %5.0f ms   first/warm %.2fx"
                            + " (aim <= %.1fx: %s)%n", d.label(),
                    median(d.restored().stream().mapToDouble(Restored::initSeconds).toArray()), first, second, warmP50,
                    ratio, AIM_FIRST_TO_WARM, ratio <= AIM_FIRST_TO_WARM ? "met" : "NOT met");
        }
        System.out.printf(Locale.ROOT, "(c) warm handler time, %d deploying pushes in one process (after %d unmeasured)%n",
                WARM_PUSHES, WARM_UP_PUSHES);
        for (Variant d : deployers) {
            double p95 = percentile(warm.get(d), 95);
            System.out.printf(Locale.ROOT, "    %-28s p50 %5.0f ms   p95 %5.0f ms   (aim p95 < %.0f ms: %s)%n", d.label(),
                    percentile(warm.get(d), 50), p95, AIM_WARM_P95_MS, p95 < AIM_WARM_P95_MS ? "met" : "NOT met");
        }
        System.out.println("    where (c)'s time goes: the endpoint's answer per call (median ms x calls per push)");
        for (Variant d : deployers) {
            StringBuilder b = new StringBuilder();
            double total = 0;
            for (Map.Entry<String, List<Double>> e : calls.get(d).entrySet()) {
                double m = median(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                double perPush = e.getValue().size() / (double) (WARM_PUSHES + WARM_UP_PUSHES);
                total += m * perPush;
                b.append(String.format(Locale.ROOT, " %s %.0f x%.1f", e.getKey(), m, perPush));
            }
            System.out.printf(Locale.ROOT, "    %-28s %.0f ms in AWS calls:%s%n", d.label(), total, b);
        }
        System.out.println("function.zip, and peak RSS (VmHWM) of the (a) and (b) processes (medians)");
        for (Variant v : concat(empty, deployers)) {
            System.out.printf(Locale.ROOT, "    %-28s %6.1f MB (%,d bytes)   peak RSS (a) %4.0f MB%s%n", v.label(),
                    Files.size(v.zip()) / 1e6, Files.size(v.zip()),
                    median(v.runs().stream().mapToDouble(r -> r.peakRssKb() / 1024.0).toArray()),
                    v.restored().isEmpty() ? "" : String.format(Locale.ROOT, ", (b) %4.0f MB",
                            median(v.restored().stream().mapToDouble(r -> r.peakRssKb() / 1024.0).toArray())));
        }
        aws.close();
        System.exit(0);
    }

    private static List<Variant> concat(Variant first, List<Variant> rest) {
        List<Variant> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The next deploying push: a new image under the followed tag, pushed later than every earlier one. */
    private String nextPush() {
        // A multi-platform image index, as a CI build pushes it: its platforms are read from the index.
        String manifest = TestManifests.index("linux/amd64", "linux/arm64")
                .replace("\"schemaVersion\":2,", "\"schemaVersion\":2,\"annotations\":{\"release\":\"" + release++ + "\"},");
        String digest;
        try (EcrClient ecr = aws.clients().ecr()) {
            digest = TestManifests.put(ecr, api.repository(), "latest", manifest);
        }
        pushTime = pushTime.plusSeconds(60);
        ObjectNode event = LocalFleet.push(sample, api, digest, pushTime);
        event.put("id", UUID.randomUUID().toString());
        return event.toString();
    }

    private void deployOnce(Variant d) {
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = PackagedFunction.start(launcher, d.root(), ric, PackagedFunction.QUARKUS_HANDLER,
                     aws.functionEnvironment(), runtime, dir.resolve("deploy-once.log"))) {
            expectApplied(d, invoke(f, nextPush(), d));
        }
    }

    private Run once(Variant v, boolean deployer) {
        Path log = dir.resolve(v.root().getFileName() + ".log");
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = PackagedFunction.start(launcher, v.root(), ric, PackagedFunction.QUARKUS_HANDLER,
                     aws.functionEnvironment(), runtime, log)) {
            RuntimeApiServer.Result first = invoke(f, deployer ? nextPush() : "{}", v);
            if (deployer) {
                expectApplied(v, first);
            }
            return new Run((runtime.firstNextNanos() - f.spawnedNanos()) / 1e9,
                    (first.answeredNanos() - f.spawnedNanos()) / 1e9, f.peakRssKb());
        }
    }

    /**
     * (b): started as for a SnapStart snapshot; once init is over (restore/next, then invocation/next),
     * and after a pause in which the JVM's own background work settles, two deploying pushes.
     */
    private Restored restored(Variant d) {
        Path log = dir.resolve(d.root().getFileName() + "-snapstart.log");
        Map<String, String> env = new LinkedHashMap<>(aws.functionEnvironment());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = PackagedFunction.start(launcher, d.root(), ric, PackagedFunction.QUARKUS_HANDLER,
                     env, runtime, log)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (runtime.firstNextNanos() == 0 && System.nanoTime() < deadline && f.alive()) {
                sleep(20);
            }
            double init = ((runtime.restoreNextNanos() != 0 ? runtime.restoreNextNanos() : runtime.firstNextNanos())
                    - f.spawnedNanos()) / 1e9;
            sleep(1000);
            RuntimeApiServer.Result first = invoke(f, nextPush(), d);
            expectApplied(d, first);
            RuntimeApiServer.Result second = invoke(f, nextPush(), d);
            expectApplied(d, second);
            return new Restored(init, first.handlerTime().toNanos() / 1e6, second.handlerTime().toNanos() / 1e6,
                    f.peakRssKb());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** (c): handler times of deploying pushes in one warm process, in ms. */
    private double[] warm(Variant d) {
        Path log = dir.resolve(d.root().getFileName() + "-warm.log");
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = PackagedFunction.start(launcher, d.root(), ric, PackagedFunction.QUARKUS_HANDLER,
                     aws.functionEnvironment(), runtime, log)) {
            double[] ms = new double[WARM_PUSHES];
            aws.gateway().resetTimings();
            for (int i = -WARM_UP_PUSHES; i < WARM_PUSHES; i++) {
                RuntimeApiServer.Result r = invoke(f, nextPush(), d);
                expectApplied(d, r);
                if (i >= 0) {
                    ms[i] = r.handlerTime().toNanos() / 1e6;
                }
            }
            return ms;
        }
    }

    private static RuntimeApiServer.Result invoke(PackagedFunction f, String event, Variant v) {
        RuntimeApiServer.Result r = f.invoke(event, TIMEOUT);
        if (r.failed() || !r.body().startsWith("{")) {
            throw new IllegalStateException(v.label() + " answered " + r.errorType() + ": " + r.body() + "; its log: "
                    + f.log());
        }
        return r;
    }

    /** A deploying push must have deployed: api APPLIED with a deployment id. */
    private static void expectApplied(Variant v, RuntimeApiServer.Result r) {
        try {
            JsonNode body = MAPPER.readTree(r.body());
            List<String> problems = LocalRun.expectApplied(body, "api");
            if (!problems.isEmpty()) {
                throw new IllegalStateException(v.label() + ": the push did not deploy: " + problems + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(v.label() + " answered no JSON: " + r.body(), e);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
