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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Cold-start benchmark (run by {@code bench/cold-start.sh}): the packaged deployer under AWS's runtime
 * interface client with Lambda's JVM flags, beside an empty Quarkus Lambda answering {} and, when
 * given, the native builds of both ({@code bootstrap} run as {@code provided.al2023} runs it, through
 * {@link PackagedFunction#startNative}) and the deployer as it was before (a baseline zip), all in one
 * run against one moto. Every
 * deployer event is a <em>deploying</em> push to an existing service: a new image under the followed
 * tag, so each one registers a task definition revision and updates the service (worked inline, as
 * without a work queue).
 * <ul>
 *   <li>(a) process start to first response of an on-demand cold start (no priming), medians over the
 *       runs, fresh process each, alternating;</li>
 *   <li>(b) JVM deployers only (SnapStart is a JVM feature): a process started as for a SnapStart snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}:
 *       the runtime interface client runs the checkpoint hooks and asks {@code restore/next} when init is
 *       over; the deployer primes during that init): the first invocation's handler time beside the warm
 *       handler time (c's median), and the second invocation's;</li>
 *   <li>(c) warm handler time over 50 deploying pushes in one process (after 5 unmeasured), p50 and p95;</li>
 *   <li>the zips' sizes and the function processes' peak RSS.</li>
 * </ul>
 * A benchmark, not a test: it prints figures and exits 0 unless a run fails.
 *
 * <p>Arguments, {@code name=value}: {@code deployer=} and {@code empty=} (JVM zips, required),
 * {@code native=} and {@code empty-native=} (native zips, optional), {@code baseline=} (optional),
 * {@code runs=} (default 5), {@code cpus=} (a CPU list for taskset, or {@code all}; default 0).
 */
public final class ColdStartBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int WARM_PUSHES = 50;
    private static final int WARM_UP_PUSHES = 5;
    static final double AIM_COLD_RATIO = 2.0;
    /** The native deployer's deploying push against the empty JVM Lambda's cold start (issue 20). */
    static final double AIM_NATIVE_COLD_RATIO = 0.5;
    /** Peak RSS of the native deployer: under 128 MB, so a 128-256 MB function would do. */
    static final double AIM_NATIVE_RSS_MB = 128;
    static final List<String> ARGS = List.of("deployer", "empty", "native", "empty-native", "baseline", "runs", "cpus");
    static final double AIM_FIRST_TO_WARM = 2.0;
    static final double AIM_WARM_P95_MS = 150;

    /** (a): an on-demand cold start. */
    record Run(double initSeconds, double firstResponseSeconds, long peakRssKb) {
    }

    /** (b): a SnapStart-style start: init (primed) ends at restore/next; then the first and second invocations. */
    record Restored(double initSeconds, double firstHandlerMs, double secondHandlerMs, long peakRssKb) {
    }

    /**
     * One function under test. {@code nativeBuild}: its zip holds {@code bootstrap}, run as provided.al2023
     * runs it; else the JVM under the runtime interface client. {@code deployer}: its events are deploying pushes.
     */
    record Variant(String label, Path zip, Path root, boolean nativeBuild, boolean deployer, List<Run> runs,
                   List<Restored> restored) {
        Variant(String label, Path zip, Path root, boolean nativeBuild, boolean deployer) {
            this(label, zip, root, nativeBuild, deployer, new ArrayList<>(), new ArrayList<>());
        }

        /** SnapStart exists for the JVM runtimes only. */
        boolean snapStart() {
            return deployer && !nativeBuild;
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

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IOException | RuntimeException e) {
            // Exit, so that the shutdown hooks stop moto: the harness's non-daemon threads would keep the JVM up.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !ARGS.contains(a.substring(0, eq))) {
                usage("not name=value with a known name: " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        if (!opts.containsKey("deployer") || !opts.containsKey("empty")) {
            usage("deployer= and empty= are required");
        }
        int runs = Integer.parseInt(opts.getOrDefault("runs", "5"));
        String cpus = opts.getOrDefault("cpus", "0");
        List<String> launcher = "all".equals(cpus) ? List.of() : List.of("taskset", "-c", cpus);
        List<Path> ric = PackagedFunction.ricJars(Path.of("target", "ric"));
        Path dir = Path.of("target", "bench");
        boolean withNative = opts.containsKey("native") || opts.containsKey("empty-native");
        String jvm = withNative ? " (JVM)" : "";
        List<Variant> all = new ArrayList<>();
        Variant empty = variant(dir, "empty Quarkus Lambda" + jvm, opts.get("empty"), "empty", false, false);
        all.add(empty);
        if (opts.containsKey("empty-native")) {
            all.add(variant(dir, "empty Quarkus Lambda (native)", opts.get("empty-native"), "empty-native", true, false));
        }
        if (opts.containsKey("baseline")) {
            all.add(variant(dir, "deployer before (baseline)", opts.get("baseline"), "baseline", false, true));
        }
        Variant deployerJvm = variant(dir, (opts.containsKey("baseline") ? "deployer after" : "deployer") + jvm,
                opts.get("deployer"), "deployer", false, true);
        all.add(deployerJvm);
        Variant deployerNative = opts.containsKey("native")
                ? variant(dir, "deployer (native)", opts.get("native"), "native", true, true) : null;
        if (deployerNative != null) {
            all.add(deployerNative);
        }
        List<Variant> deployers = all.stream().filter(Variant::deployer).toList();

        LocalAws aws;
        try {
            aws = LocalAws.start();
        } catch (MotoNotInstalledException e) {
            System.err.println("cold-start: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalFleet fleet = LocalFleet.create(aws.clients(), "bench");
        ColdStartBench bench = new ColdStartBench(aws, fleet, launcher, ric, dir);

        System.out.printf("cold start: JVM zips under the runtime interface client with Lambda's JVM flags (%s)%s, %s%n",
                String.join(" ", PackagedFunction.lambdaJvmFlags(PackagedFunction.MEMORY_MB)),
                withNative ? "; native zips' bootstrap run as provided.al2023 runs it" : "",
                launcher.isEmpty() ? "all CPUs" : "CPUs " + cpus + " (taskset)");
        System.out.printf("java %s (%s); %d runs of each after one warm-up each, alternating; every deployer event is"
                + " a deploying push to an existing service on moto%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), runs);
        System.out.println(load());
        System.out.println();

        // The service exists before the first measured push (deployed once, unmeasured).
        bench.deployOnce(deployerJvm);

        for (int i = 0; i <= runs; i++) {
            // By identity, as below: a Variant's hash code changes as its runs grow.
            Map<Variant, Run> round = new IdentityHashMap<>();
            Map<Variant, Restored> restoredRound = new IdentityHashMap<>();
            for (Variant v : all) {
                round.put(v, bench.once(v));
                if (v.snapStart()) {
                    restoredRound.put(v, bench.restored(v));
                }
            }
            if (i == 0) {
                continue; // warm-up: the page cache, not the JVM, is what differs on a first run
            }
            StringBuilder line = new StringBuilder("run " + i);
            for (Variant v : all) {
                Run r = round.get(v);
                v.runs().add(r);
                line.append(String.format(Locale.ROOT, " | %s: (a) init %.2f s, first response %.2f s", v.label(),
                        r.initSeconds(), r.firstResponseSeconds()));
                Restored b = restoredRound.get(v);
                if (b != null) {
                    v.restored().add(b);
                    line.append(String.format(Locale.ROOT, "; (b) init %.2f s, first %.0f ms, second %.0f ms",
                            b.initSeconds(), b.firstHandlerMs(), b.secondHandlerMs()));
                }
            }
            System.out.println(line);
        }

        // By identity: a Variant is a record whose runs grow, so its hash code changes as they do.
        Map<Variant, double[]> warm = new IdentityHashMap<>();
        Map<Variant, Map<String, List<Double>>> calls = new IdentityHashMap<>();
        Map<Variant, Double> warmRssMb = new IdentityHashMap<>();
        for (Variant d : deployers) {
            Warm w = bench.warm(d);
            warm.put(d, w.handlerMs());
            warmRssMb.put(d, w.peakRssKb() / 1024.0);
            calls.put(d, aws.gateway().timings());
        }

        double emptyFirst = median(empty.runs().stream().mapToDouble(Run::firstResponseSeconds).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "(a) process start -> first response (median of %d; init = start -> first invocation/next;"
                + " ratio to the %s)%n", runs, empty.label());
        for (Variant v : all) {
            double first = median(v.runs().stream().mapToDouble(Run::firstResponseSeconds).toArray());
            double ratio = first / emptyFirst;
            String aim = "";
            if (v.deployer()) {
                double limit = v.nativeBuild() ? AIM_NATIVE_COLD_RATIO : AIM_COLD_RATIO;
                aim = String.format(Locale.ROOT, " (aim <= %.1fx: %s)", limit, ratio <= limit ? "met" : "NOT met");
            }
            System.out.printf(Locale.ROOT, "    %-32s %6.2f s   init %.2f s   %.2fx%s%n", v.label(), first,
                    median(v.runs().stream().mapToDouble(Run::initSeconds).toArray()), ratio, aim);
        }
        List<Variant> snap = deployers.stream().filter(Variant::snapStart).toList();
        System.out.println("(b) SnapStart-style start, JVM only (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start: init, with priming where"
                + " the deployer has it, ends at restore/next): the first invocation's handler time beside the warm one (c's p50)");
        for (Variant d : snap) {
            double first = median(d.restored().stream().mapToDouble(Restored::firstHandlerMs).toArray());
            double second = median(d.restored().stream().mapToDouble(Restored::secondHandlerMs).toArray());
            double warmP50 = percentile(warm.get(d), 50);
            double ratio = first / warmP50;
            System.out.printf(Locale.ROOT, "    %-32s init %5.2f s   first %6.0f ms   second %5.0f ms   warm %5.0f ms   first/warm %.2fx"
                            + " (aim <= %.1fx: %s)%n", d.label(),
                    median(d.restored().stream().mapToDouble(Restored::initSeconds).toArray()), first, second, warmP50,
                    ratio, AIM_FIRST_TO_WARM, ratio <= AIM_FIRST_TO_WARM ? "met" : "NOT met");
        }
        System.out.printf(Locale.ROOT, "(c) warm handler time, %d deploying pushes in one process (after %d unmeasured)%n",
                WARM_PUSHES, WARM_UP_PUSHES);
        double jvmP95 = percentile(warm.get(deployerJvm), 95);
        for (Variant d : deployers) {
            double p95 = percentile(warm.get(d), 95);
            String aim = d.nativeBuild()
                    ? String.format(Locale.ROOT, "aim p95 <= the JVM's %.0f ms: %s", jvmP95, p95 <= jvmP95 ? "met" : "NOT met")
                    : String.format(Locale.ROOT, "aim p95 < %.0f ms: %s", AIM_WARM_P95_MS, p95 < AIM_WARM_P95_MS ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "    %-32s p50 %5.0f ms   p95 %5.0f ms   (%s)%n", d.label(),
                    percentile(warm.get(d), 50), p95, aim);
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
            System.out.printf(Locale.ROOT, "    %-32s %.0f ms in AWS calls:%s%n", d.label(), total, b);
        }
        System.out.println("function.zip, and peak RSS (VmHWM) of the (a) and (b) processes and of the warm one after its"
                + " 55 pushes (medians)");
        for (Variant v : all) {
            double rss = median(v.runs().stream().mapToDouble(r -> r.peakRssKb() / 1024.0).toArray());
            String executable = v.nativeBuild() ? String.format(Locale.ROOT, ", bootstrap %.1f MB",
                    Files.size(v.root().resolve("bootstrap")) / 1e6) : "";
            String rssAim = v.nativeBuild() && v.deployer() ? String.format(Locale.ROOT, " (aim < %.0f MB: %s)",
                    AIM_NATIVE_RSS_MB, Math.max(rss, warmRssMb.getOrDefault(v, 0.0)) < AIM_NATIVE_RSS_MB ? "met" : "NOT met") : "";
            System.out.printf(Locale.ROOT, "    %-32s %6.1f MB (%,d bytes%s)   peak RSS (a) %4.0f MB%s%s%s%n", v.label(),
                    Files.size(v.zip()) / 1e6, Files.size(v.zip()), executable, rss,
                    v.restored().isEmpty() ? "" : String.format(Locale.ROOT, ", (b) %4.0f MB",
                            median(v.restored().stream().mapToDouble(r -> r.peakRssKb() / 1024.0).toArray())),
                    warmRssMb.containsKey(v) ? String.format(Locale.ROOT, ", warm %4.0f MB", warmRssMb.get(v)) : "",
                    rssAim);
        }
        System.out.println("at the end: " + load());
        aws.close();
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("cold-start: " + problem + "\nusage: ColdStartBench deployer=<JVM function.zip> empty=<JVM function.zip>"
                + " [native=<native function.zip>] [empty-native=<native function.zip>] [baseline=<JVM function.zip>]"
                + " [runs=5] [cpus=0|all]");
        System.exit(2);
    }

    private static Variant variant(Path dir, String label, String zip, String name, boolean nativeBuild, boolean deployer) {
        Path z = Path.of(zip);
        if (!Files.isRegularFile(z)) {
            usage(label + ": " + zip + " is missing");
        }
        return new Variant(label, z, PackagedFunction.unzip(z, dir.resolve(name)), nativeBuild, deployer);
    }

    /** The machine's load average (Linux), to read the figures by: other processes share the CPUs. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.format(Locale.ROOT, "load average %s %s %s (1, 5, 15 min), %d CPUs", f[0], f[1], f[2],
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException | RuntimeException e) {
            return "load average: unknown (" + e.getMessage() + ")";
        }
    }

    /** The JVM under the runtime interface client, or a native build's bootstrap (provided.al2023). */
    private PackagedFunction start(Variant v, Map<String, String> env, RuntimeApiServer runtime, Path log) {
        return v.nativeBuild()
                ? PackagedFunction.startNative(launcher, v.root(), env, runtime, log)
                : PackagedFunction.start(launcher, v.root(), ric, PackagedFunction.QUARKUS_HANDLER, env, runtime, log);
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
             PackagedFunction f = start(d, aws.functionEnvironment(), runtime, dir.resolve("deploy-once.log"))) {
            expectApplied(d, invoke(f, nextPush(), d));
        }
    }

    private Run once(Variant v) {
        Path log = dir.resolve(v.root().getFileName() + ".log");
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = start(v, aws.functionEnvironment(), runtime, log)) {
            RuntimeApiServer.Result first = invoke(f, v.deployer() ? nextPush() : "{}", v);
            if (v.deployer()) {
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
             PackagedFunction f = start(d, env, runtime, log)) {
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

    /** (c): handler times of deploying pushes in one warm process (ms), and its peak RSS after them. */
    record Warm(double[] handlerMs, long peakRssKb) {
    }

    private Warm warm(Variant d) {
        Path log = dir.resolve(d.root().getFileName() + "-warm.log");
        try (RuntimeApiServer runtime = RuntimeApiServer.start();
             PackagedFunction f = start(d, aws.functionEnvironment(), runtime, log)) {
            double[] ms = new double[WARM_PUSHES];
            aws.gateway().resetTimings();
            for (int i = -WARM_UP_PUSHES; i < WARM_PUSHES; i++) {
                RuntimeApiServer.Result r = invoke(f, nextPush(), d);
                expectApplied(d, r);
                if (i >= 0) {
                    ms[i] = r.handlerTime().toNanos() / 1e6;
                }
            }
            return new Warm(ms, f.peakRssKb());
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
