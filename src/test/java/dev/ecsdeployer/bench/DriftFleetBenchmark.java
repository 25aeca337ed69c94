package dev.ecsdeployer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.FleetReader;
import dev.ecsdeployer.actual.ScalingStateReader;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.apply.PlanApplier;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.apply.ReconcileRequest;
import dev.ecsdeployer.apply.ScalingApplier;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.DriftPolicy;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.EcsDeployments;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.plan.Difference;
import dev.ecsdeployer.report.DriftReport;
import dev.ecsdeployer.report.DriftReporter;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import dev.ecsdeployer.report.Metrics;
import dev.ecsdeployer.workitem.WorkItem;
import dev.ecsdeployer.work.WorkQueue;
import dev.ecsdeployer.testing.ExampleConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet benchmark of the scheduled drift check (issue 6). Not a timed test: it only runs when
 * {@code -Dbench.drift=true} is set, which {@code bench/drift-fleet.sh} does, and it prints figures
 * rather than asserting on time. It does assert that the hand-edited services, and only those, are
 * reported with the expected differences, so the figures are for a check that did its work.
 *
 * <p>For each fleet size: moto is reset; one baseline (VPC, cluster, ECR repository, roles) is
 * created; N services of one environment are deployed through the real deploy path (the
 * {@link Reconciler}, twice: first with image A, then with image B, as a push does, because moto
 * drops the deployment settings on CreateService and only stores them on UpdateService; see
 * harness/MOTO-GAPS.md); 1 % of them (at least one) are hand-edited. Then, with every call taking at
 * least the modelled latency, what one scheduled invocation does is measured: read the environment's
 * configs from SSM, run {@link dev.ecsdeployer.drift.DriftCheck}, report (log lines, a Drift
 * Detected event per drifted service, EMF).
 */
@EnabledIfSystemProperty(named = "bench.drift", matches = "true")
class DriftFleetBenchmark {

    /**
     * As a scheduled check of template.yaml's default schedule (rate(1 hour)) reads scaling policies:
     * where records differ, and a 24th of the services on their turn. {@code -Dbench.schedule=cron(...)}
     * reads every policy, as before.
     */
    /** Services a chunk of a one-environment check holds (the function's ECS_DEPLOYER_DRIFT_CHUNK_SIZE). */
    static final int CHUNK_SIZE = Integer.getInteger("bench.chunkSize", 250);

    static final dev.ecsdeployer.actual.PolicyRefresh REFRESH = dev.ecsdeployer.actual.PolicyRefresh.scheduled(
            java.time.Instant.parse("2026-12-07T13:00:00Z"), System.getProperty("bench.schedule", "rate(1 hour)"),
            java.time.Duration.ofHours(24));


    static final String ENVIRONMENT = "prod";
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** What a report-only check may call: reads, and its Drift Detected events. */
    static final java.util.regex.Pattern READ_ONLY = java.util.regex.Pattern.compile(
            "[A-Za-z]+\\.(Describe|List|Get|BatchGet)[A-Za-z]*|EventBridge\\.PutEvents");

    /** The three hand edits, applied round-robin to the drifted subset, and the path each must show. */
    enum Edit {
        TASK_MEMORY("taskDefinition.memory"),
        SCALING_MAX("scaling.target.maxCapacity"),
        ALARM_DELETED("alarms.");

        final String path;

        Edit(String path) {
            this.path = path;
        }
    }

    record Result(String label, int services, int drifted, long wallMillis, long readMillis, long checkMillis,
                  long reportMillis, long cpuMillis, Map<String, Long> limiterWaitMillis, Map<String, String> spans,
                  Map<String, Integer> calls,
                  long peakHeapSampled, long peakHeapPools, long heapBefore, long retainedAfter,
                  List<String> buckets, int overLimit, Map<String, String> emulator) {
    }

    /** What one run does: see bench/drift-fleet.sh and docs/BENCH.md. */
    enum Mode {
        /** For each size: reset moto, seed, hand-edit, measure. */
        FULL,
        /** One size: reset the (long-running) moto, seed, hand-edit, record the fleet; no measuring. */
        SEED,
        /** One size: measure the fleet a SEED run left in the moto; nothing seeded, the fleet left as found. */
        CHECK,
        /** One size: deploy image B again to the services of a seeded fleet that do not run it (a deploy lost). */
        REPAIR
    }

    @Test
    void driftCheckOverFleets() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "10,100,1000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        Duration latency = Duration.ofMillis(Long.getLong("bench.latencyMs", 30));
        int seedThreads = Integer.getInteger("bench.seedThreads", 8);
        Mode mode = mode(System.getProperty("bench.mode", "full"));
        String external = System.getProperty("bench.motoEndpoint", "").trim();
        if (mode != Mode.FULL && (external.isEmpty() || sizes.length != 1)) {
            throw new IllegalArgumentException("bench.mode=" + mode.name().toLowerCase(Locale.ROOT)
                    + " needs one fleet size (bench.sizes, got " + Arrays.toString(sizes)
                    + ") and a long-running moto (bench.motoEndpoint, got '" + external + "'): one moto holds one fleet");
        }

        MotoServer moto = external.isEmpty() ? MotoServer.start() : MotoServer.attach(URI.create(external));
        LatencyProxy proxy = LatencyProxy.start(moto.endpoint());
        moto.clientProperties().forEach(System::setProperty);
        // All clients go through the latency proxy, then the counting fault proxy, then moto.
        System.setProperty("aws.endpointUrl", proxy.endpoint().toString());

        List<Result> results = new ArrayList<>();
        try {
            switch (mode) {
                case FULL -> {
                    for (int n : sizes) {
                        results.add(run(moto, proxy, n, latency, seedThreads));
                    }
                }
                case SEED -> seed(moto, proxy, sizes[0], seedThreads);
                case CHECK -> results.add(checkSeeded(proxy, sizes[0], latency));
                case REPAIR -> repair(proxy, sizes[0]);
            }
        } finally {
            proxy.stop();
        }
        if (mode == Mode.SEED || mode == Mode.REPAIR) {
            return;
        }
        System.out.println();
        System.out.println("=== drift check fleet benchmark: summary (latency model: every AWS call takes at least "
                + latency.toMillis() + " ms) ===");
        System.out.printf("%-10s %9s %8s %10s %11s %10s %13s %12s %11s%n", "fleet", "services", "drifted",
                "wall (s)", "AWS calls", "calls/svc", "peak heap MB", "retained MB", "over limit");
        List<Result> all = new ArrayList<>(results);
        all.addAll(shardedRuns);
        all.addAll(worstCases);
        for (Result r : all) {
            int total = r.calls().values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%-10s %9d %8d %10.2f %11d %10.3f %13.1f %12.1f %11d%n",
                    r.label().startsWith("worst") ? "worst case" : r.label().contains("shards") ? "sharded" : "deployed",
                    r.services(), r.drifted(),
                    r.wallMillis() / 1000.0, total, total / (double) r.services(), mb(r.peakHeapSampled()),
                    mb(r.retainedAfter() - r.heapBefore()), r.overLimit());
        }
        System.out.println("=== end ===");
    }

    /** The benchmark's moto resources (cluster "fleet-cluster", repository "fleet") are named after this. */
    static final String BASELINE = "fleet";

    private Result run(MotoServer moto, LatencyProxy proxy, int n, Duration latency, int seedThreads)
            throws Exception {
        return measureFleet(n, seed(moto, proxy, n, seedThreads), latency, proxy, false);
    }

    /**
     * A CHECK run: the fleet a SEED run left in the long-running moto, measured as a FULL run measures
     * it. The hand edits are derived from the size as the SEED run derived them (and compared with
     * what it recorded, when its record is given).
     */
    private Result checkSeeded(LatencyProxy proxy, int n, Duration latency) throws Exception {
        Map<String, Edit> edits = SeededFleet.planned(n);
        String recorded = System.getProperty("bench.fleetFile", "").trim();
        if (!recorded.isEmpty() && Files.exists(Path.of(recorded))) {
            SeededFleet seeded = SeededFleet.read(Path.of(recorded));
            assertEquals(n, seeded.services(), "the fleet in moto (" + recorded
                    + ") has another size: run with the SIZES it was seeded with");
            assertEquals(seeded.edits(), edits, "the hand edits recorded in " + recorded);
        }
        System.out.printf("%n--- %d services already in moto (seeded earlier); hand-edited %d: %s ---%n", n,
                edits.size(), edits);
        return measureFleet(n, edits, latency, proxy, true);
    }

    /**
     * The deployed fleet's check, then the sharded one ({@code bench.shards}) and the worst case
     * ({@code bench.worstCase}: by default on for a fleet seeded in this run, off for one seeded earlier,
     * whose spec-hash tags it then puts back).
     */
    private Result measureFleet(int n, Map<String, Edit> edits, Duration latency, LatencyProxy proxy,
                                boolean seededEarlier) throws Exception {
        ServiceConfigParser parser = new ServiceConfigParser();
        Result r = measure("deployed fleet (fast path)", n, edits, latency, proxy, parser);
        measureShards(n, edits, latency, proxy, parser);
        if (Boolean.parseBoolean(System.getProperty("bench.worstCase", String.valueOf(!seededEarlier)))) {
            worstCases.add(worstCase(n, edits, latency, proxy, parser, seededEarlier));
        }
        return r;
    }

    private void measureShards(int n, Map<String, Edit> edits, Duration latency, LatencyProxy proxy,
                               ServiceConfigParser parser) throws InterruptedException {
        int shards = Integer.getInteger("bench.shards", 1);
        if (shards > 1) {
            shardedRuns.add(measure("deployed fleet in " + shards + " shards checked at once", n, edits, latency,
                    proxy, parser, shards));
        }
    }

    /**
     * Resets moto and deploys {@code n} services through the real deploy path, then hand-edits 1 %.
     * Prints the pace every 1,000 services (every fifth of a smaller fleet), with moto's memory when
     * its PID is known ({@code bench.motoPid}), and writes the edits to {@code bench.fleetFile} if given.
     * Returns the hand edits, by service.
     */
    private Map<String, Edit> seed(MotoServer moto, LatencyProxy proxy, int n, int seedThreads) throws Exception {
        System.out.printf("%n--- %d services: seeding through Reconciler (moto, no added latency, %d threads) ---%n",
                n, seedThreads);
        proxy.latency(Duration.ZERO);
        moto.reset();
        FaultInjector.reset();
        proxy.resetBuckets();
        long seedStart = System.nanoTime();
        AwsClients aws = new AwsClients(AwsClientFactory.fromEnvironment());
        Baseline baseline = MotoBaseline.create(aws.factory(), BASELINE);
        DeployPath path = DeployPath.of(aws);
        ServiceConfigParser parser = new ServiceConfigParser();

        List<ServiceConfig> configs = new ArrayList<>();
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = SeededFleet.name(i);
            ObjectNode doc = ExampleConfigs.forBaseline("realtime-prod.json", baseline);
            doc.put("name", name);
            ConfigResult parsed = parser.parse(new ConfigLocation(ExampleConfigs.PREFIX, ENVIRONMENT, name),
                    doc.toString(), null);
            assertTrue(parsed.valid(), () -> name + ": " + parsed.errors());
            configs.add(parsed.config());
            docs.add(doc);
        }
        ImageRef imageA = new ImageRef(baseline.repositoryUri(), baseline.imageDigest(), "latest");
        ImageRef imageB = new ImageRef(baseline.repositoryUri(), DIGEST_B, "latest");
        Progress progress = new Progress(n, Long.getLong("bench.motoPid", -1));
        EcsDeployments deployments = EcsDeployments.onMoto();
        ExecutorService seeders = Executors.newFixedThreadPool(seedThreads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServiceConfig c = configs.get(i);
                ObjectNode doc = docs.get(i);
                done.add(seeders.submit(() -> {
                    // Stored by the seeding threads too: one at a time, 10,000 PutParameter calls alone took minutes.
                    ExampleConfigs.put(aws.ssm(), ENVIRONMENT, c.name(), doc);
                    for (ImageRef image : List.of(imageA, imageB)) {
                        path.deploy(c, image);
                    }
                    // The rollout reaches steady state, as on AWS: a deployed fleet has no deployment in progress
                    // (moto never finishes one; the check would report every one older than 30 min as stuck).
                    complete(deployments, baseline.clusterName(), c.service().serviceName());
                    progress.serviceDone();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            seeders.shutdownNow();
        }
        Map<String, Edit> edits = handEdit(aws, baseline, configs);
        double seconds = (System.nanoTime() - seedStart) / 1e9;
        System.out.printf("seeded %d services (%d AWS calls) in %.1f s (%.1f s per 1,000); hand-edited %d: %s%n", n,
                FaultInjector.totalCalls(), seconds, seconds * 1000 / n, edits.size(), edits);
        System.out.println("seeding, per operation: calls, moto's time (the slowest first):");
        proxy.emulatorSeconds().entrySet().stream()
                .sorted(Map.Entry.<String, double[]>comparingByValue((a, b) -> Double.compare(b[1], a[1])))
                .forEach(e -> System.out.printf("  %-46s %7.0f calls %8.1f s  (%.1f ms avg)%n", e.getKey(),
                        e.getValue()[0], e.getValue()[1], e.getValue()[1] * 1000 / e.getValue()[0]));
        progress.printMotoMemory();
        String record = System.getProperty("bench.fleetFile", "").trim();
        if (!record.isEmpty()) {
            new SeededFleet(n, seconds, edits).write(Path.of(record));
            System.out.println("fleet record: " + Path.of(record).toAbsolutePath());
        }
        aws.close();
        return edits;
    }

    /**
     * A seeded fleet's services that do not run image B (their second deploy was lost) deployed again, through
     * the deploy path, from the configs stored in SSM; the hand-edited services are left as they are.
     */
    private void repair(LatencyProxy proxy, int n) {
        proxy.latency(Duration.ZERO);
        Map<String, Edit> edits = SeededFleet.planned(n);
        AwsClients aws = new AwsClients(AwsClientFactory.fromEnvironment());
        try {
            DeployPath path = DeployPath.of(aws);
            ServiceConfigParser parser = new ServiceConfigParser();
            EcsDeployments deployments = EcsDeployments.onMoto();
            String repository = aws.ecr().describeRepositories(r -> r.repositoryNames(BASELINE)).repositories().get(0)
                    .repositoryUri();
            ImageRef imageB = new ImageRef(repository, DIGEST_B, "latest");
            String cluster = BASELINE + "-cluster";
            // Which services do not run image B, by their records (ten described a call); the config each follows.
            List<String> lost = new ArrayList<>();
            List<String> arns = new ArrayList<>();
            aws.ecs().listServicesPaginator(b -> b.cluster(cluster).maxResults(100)).serviceArns().forEach(arns::add);
            for (int from = 0; from < arns.size(); from += 10) {
                List<String> batch = arns.subList(from, Math.min(arns.size(), from + 10));
                aws.ecs().describeServices(b -> b.cluster(cluster).services(batch).include(
                        software.amazon.awssdk.services.ecs.model.ServiceField.TAGS)).services().forEach(svc -> {
                    Map<String, String> tags = new TreeMap<>();
                    svc.tags().forEach(t -> tags.put(t.key(), t.value()));
                    String config = tags.getOrDefault(ServiceTags.CONFIG, "");
                    String name = config.substring(config.indexOf('/') + 1);
                    if (!DIGEST_B.equals(tags.get(ServiceTags.IMAGE_DIGEST)) && !edits.containsKey(name)) {
                        lost.add(name);
                    }
                });
            }
            List<String> repaired = new ArrayList<>();
            for (String name : lost) {
                String stored = aws.ssm().getParameter(b -> b.name("/" + ExampleConfigs.PREFIX + "/" + ENVIRONMENT + "/"
                        + name)).parameter().value();
                ServiceConfig c = parser.parse(new ConfigLocation(ExampleConfigs.PREFIX, ENVIRONMENT, name), stored, null)
                        .config();
                path.deploy(c, imageB);
                complete(deployments, cluster, c.service().serviceName());
                repaired.add(name);
            }
            System.out.printf("repaired %d of %d services (image B deployed again): %s%n", repaired.size(), arns.size(),
                    repaired);
        } finally {
            aws.close();
        }
    }

    /** The deploy path a push takes (read, plan, apply), on the given clients. */
    private record DeployPath(Reconciler reconciler, ActualStateReader reader) {

        static DeployPath of(AwsClients aws) {
            return new DeployPath(new Reconciler(new PlanApplier(aws.ecs(), aws.logs(),
                    new ScalingApplier(aws.autoScaling(), aws.cloudWatch())),
                    new DesiredStateBuilder(MotoServer.REGION), new EcrImages(aws::ecr, MotoServer.REGION)),
                    new ActualStateReader(aws.ecs(), aws.logs(),
                            new ScalingStateReader(aws.autoScaling(), aws.cloudWatch())));
        }

        /**
         * One deploy through the Reconciler, tried up to three times: a deploy converges, so a retry after
         * a failed call (moto under load, over hours of a 10,000-service seed) finishes what the first began.
         */
        void deploy(ServiceConfig c, ImageRef image) {
            for (int attempt = 1; ; attempt++) {
                String failure;
                try {
                    ReconcileOutcome o = reconciler.reconcile(c, ReconcileRequest.operator(image, true, null), reader);
                    if (o.skipped() != null) {
                        failure = "skipped: " + o.skipped();
                    } else if (o.result() == null || o.result().succeeded()) {
                        return;
                    } else {
                        failure = o.result().failedStep() + ": " + o.result().error();
                    }
                } catch (RuntimeException e) {
                    failure = e.toString();
                }
                if (attempt == 3) {
                    throw new IllegalStateException(c.name() + ": deploy failed 3 times, the last: " + failure);
                }
                System.out.printf("  %s: deploy attempt %d failed (%s); again%n", c.name(), attempt, failure);
            }
        }
    }

    /** The service's deployment reaches steady state on moto; tried up to three times, as a deploy is. */
    private static void complete(EcsDeployments deployments, String cluster, String service) {
        for (int attempt = 1; ; attempt++) {
            try {
                deployments.completed(cluster, service, deployments.primary(cluster, service).id());
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.printf("  %s: completing its deployment failed (%s); again%n", service, e);
            }
        }
    }

    /** Seeding's pace, printed every 1,000 services (every fifth of a smaller fleet). */
    private static final class Progress {
        private final int n;
        private final int step;
        private final long motoPid;
        private final long start = System.nanoTime();
        private int done;
        private long lastStep = start;

        Progress(int n, long motoPid) {
            this.n = n;
            this.step = n >= 1000 ? 1000 : Math.max(1, n / 5);
            this.motoPid = motoPid;
        }

        synchronized void serviceDone() {
            done++;
            if (done % step == 0 || done == n) {
                long now = System.nanoTime();
                System.out.printf("  seeded %6d of %d: %7.1f s, the last %d in %.1f s (%.1f s per 1,000)%s%n", done,
                        n, (now - start) / 1e9, step, (now - lastStep) / 1e9, (now - lastStep) / 1e6 / step,
                        motoRss().map(mb -> ", moto RSS " + mb + " MB").orElse(""));
                lastStep = now;
            }
        }

        void printMotoMemory() {
            motoRss().ifPresent(mb -> System.out.printf("moto RSS %d MB (pid %d)%n", mb, motoPid));
        }

        /** VmRSS of the moto process, from /proc (Linux), in MB. */
        private java.util.Optional<Long> motoRss() {
            if (motoPid <= 0) {
                return java.util.Optional.empty();
            }
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(motoPid), "status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).findFirst()
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024);
            } catch (java.io.IOException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }
    }

    /**
     * Worst case: nothing proves which revision runs (as for services an older deployer deployed), so
     * every service costs a DescribeTaskDefinition, paced by the limiter. The spec-hash tags are
     * removed for it; with {@code restore} (a long-running moto's fleet) they are put back afterwards.
     */
    private Result worstCase(int n, Map<String, Edit> edits, Duration latency, LatencyProxy proxy,
                             ServiceConfigParser parser, boolean restore) throws InterruptedException {
        proxy.latency(Duration.ZERO);
        Map<String, String> hashes = new TreeMap<>();
        AwsClients aws = new AwsClients(AwsClientFactory.fromEnvironment());
        try {
            for (String arn : aws.ecs().listServicesPaginator(b -> b.cluster(BASELINE + "-cluster")).serviceArns()) {
                if (restore) {
                    aws.ecs().listTagsForResource(b -> b.resourceArn(arn)).tags().stream()
                            .filter(t -> t.key().equals(ServiceTags.SPEC_HASH)).findFirst()
                            .ifPresent(t -> hashes.put(arn, t.value()));
                }
                aws.ecs().untagResource(b -> b.resourceArn(arn).tagKeys(ServiceTags.SPEC_HASH));
            }
            try {
                return measure("worst case: no spec-hash tags, a task definition describe per service", n, edits,
                        latency, proxy, parser);
            } finally {
                proxy.latency(Duration.ZERO);
                hashes.forEach((arn, hash) -> aws.ecs().tagResource(b -> b.resourceArn(arn).tags(
                        software.amazon.awssdk.services.ecs.model.Tag.builder().key(ServiceTags.SPEC_HASH).value(hash)
                                .build())));
                if (restore) {
                    System.out.printf("restored the spec-hash tags of %d services%n", hashes.size());
                }
            }
        } finally {
            aws.close();
        }
    }

    private final List<Result> worstCases = new ArrayList<>();
    private final List<Result> shardedRuns = new ArrayList<>();

    private static final WorkQueue NO_WORK = new WorkQueue() {
        @Override
        public List<Dispatched> send(List<WorkItem> items) {
            throw new IllegalStateException("a report-only drift check queued work: " + items);
        }

        @Override
        public boolean inline() {
            return true;
        }
    };

    /** One Lambda invocation's drift-check parts, built as DeployerBeans builds them, on fresh clients. */
    private record Invocation(AwsClients aws, SsmConfigStore store, FleetReader fleet,
                              dev.ecsdeployer.drift.DriftCheck check, DriftReporter reporter) {
    }

    private static Invocation invocation(ServiceConfigParser parser) {
        AwsClients checkAws = new AwsClients(AwsClientFactory.fromEnvironment());
        DeployPath path = DeployPath.of(checkAws);
        FleetReader fleetReader = new FleetReader(checkAws.ecs(), checkAws.logs(), checkAws.autoScaling(),
                checkAws.cloudWatch());
        var check = new dev.ecsdeployer.drift.DriftCheck(parser, fleetReader, path.reader(), path.reconciler(),
                DriftPolicy.REPORT, Clock.systemUTC());
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        DriftReporter reporter = new DriftReporter(new JsonLog(MAPPER, discard),
                new EventPublisher(checkAws::events, "default", MAPPER), MAPPER,
                new Metrics(new JsonLog(MAPPER, discard), MAPPER, "EcsDeployer", Clock.systemUTC()));
        SsmConfigStore store = new SsmConfigStore(checkAws.ssm());
        // Build the clients before measuring (a warm Lambda has them); a cold start is a separate benchmark.
        checkAws.ssm();
        checkAws.ecs();
        checkAws.logs();
        checkAws.autoScaling();
        checkAws.cloudWatch();
        checkAws.events();
        return new Invocation(checkAws, store, fleetReader, check, reporter);
    }

    private Result measure(String label, int n, Map<String, Edit> edits, Duration latency, LatencyProxy proxy,
                           ServiceConfigParser parser) throws InterruptedException {
        return measure(label, n, edits, latency, proxy, parser, 1);
    }

    /**
     * What one scheduled invocation does, or with {@code shards} > 1 what the fan-out's shard
     * invocations do, all at once: each reads the environment, keeps its shard, checks and reports.
     */
    private Result measure(String label, int n, Map<String, Edit> edits, Duration latency, LatencyProxy proxy,
                           ServiceConfigParser parser, int shards) throws InterruptedException {
        List<Invocation> invocations = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            invocations.add(invocation(parser));
        }
        // The limiters are instance-wide; let them refill as between two scheduled runs.
        Thread.sleep(5_000);

        proxy.latency(latency);
        FaultInjector.reset();
        System.gc();
        long heapBefore = heapUsed();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong peak = new AtomicLong(heapBefore);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(heapUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        proxy.resetBuckets();
        sampler.start();

        List<dev.ecsdeployer.aws.RateLimiter> limiters = List.of(dev.ecsdeployer.aws.RateLimiter.ECS_SERVICE_READ,
                dev.ecsdeployer.aws.RateLimiter.ECS_TASK_DEFINITION_READ,
                dev.ecsdeployer.aws.RateLimiter.CLOUDWATCH_DESCRIBE_ALARMS,
                dev.ecsdeployer.aws.RateLimiter.SSM_PARAMETER_READ, dev.ecsdeployer.aws.RateLimiter.LOGS_DESCRIBE_LOG_GROUPS);
        Map<String, Long> waitedBefore = new TreeMap<>();
        limiters.forEach(l -> waitedBefore.put(l.name(), l.waitedNanos()));
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long[] readNanos = new long[shards];
        long[] checkNanos = new long[shards];
        long[] reportNanos = new long[shards];
        List<List<DriftReport>> perShard = new ArrayList<>();
        // As the scheduled invocation does: one whole read, then shards that name their services.
        long planStart = System.nanoTime();
        List<dev.ecsdeployer.drift.DriftShards.Shard> planned = shards == 1 ? null : dev.ecsdeployer.drift.DriftShards.plan(
                List.of(invocations.get(0).store().readEnvironment(ExampleConfigs.PREFIX, ENVIRONMENT)), (n + shards - 1) / shards);
        long planNanos = System.nanoTime() - planStart;
        if (planned != null && planned.size() != shards) {
            throw new IllegalStateException("planned " + planned.size() + " shards, not " + shards);
        }
        ExecutorService running = Executors.newFixedThreadPool(shards);
        List<Future<List<DriftReport>>> results = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            int index = i;
            Invocation inv = invocations.get(i);
            results.add(running.submit(() -> {
                long start = System.nanoTime();
                List<DriftReport> reports;
                long read;
                if (planned == null) {
                    // As the handler checks one environment: chunk by chunk while SSM pages the rest (the
                    // config read overlaps the check, so it is not a phase of its own here).
                    reports = dev.ecsdeployer.drift.ChunkedCheck.run(
                            sink -> inv.store().readEnvironmentInChunks(ExampleConfigs.PREFIX, ENVIRONMENT,
                                    CHUNK_SIZE, sink),
                            chunk -> inv.check().check(chunk.documents(), NO_WORK, "bench", chunk.whole()
                                    ? FleetReader.Coverage.WHOLE_ENVIRONMENT : FleetReader.Coverage.PART, REFRESH));
                    read = start;
                } else {
                    // A shard reads only the configs its event names.
                    EnvironmentDocuments env = inv.store().readServices(ExampleConfigs.PREFIX, ENVIRONMENT,
                            planned.get(index).services());
                    read = System.nanoTime();
                    // Report-only: a drift check that heals nothing sends no work.
                    reports = inv.check().check(env, NO_WORK, "bench", FleetReader.Coverage.PART, REFRESH);
                }
                long checked = System.nanoTime();
                inv.reporter().report("benchmark", ENVIRONMENT, reports);
                reportNanos[index] = System.nanoTime() - checked;
                readNanos[index] = planNanos + read - start;
                checkNanos[index] = checked - read;
                return reports;
            }));
        }
        List<DriftReport> reports = new ArrayList<>();
        try {
            for (Future<List<DriftReport>> f : results) {
                reports.addAll(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a drift check invocation failed", e.getCause());
        } finally {
            running.shutdown();
        }
        long t1 = System.nanoTime();
        // Phases: the slowest shard's SSM read and check; the report is what is left of the wall time.
        long read = t0 + Arrays.stream(readNanos).max().orElse(0);
        long checked = Math.min(t1, read + Arrays.stream(checkNanos).max().orElse(0));
        if (shards > 1) {
            System.out.printf("%d shard invocations at once; slowest SSM read %.2f s, slowest check %.2f s%n", shards,
                    (read - t0) / 1e9, (checked - read) / 1e9);
        }
        long cpu = (cpuNanos() - cpu0) / 1_000_000;
        Map<String, Long> waited = new TreeMap<>();
        limiters.forEach(l -> waited.put(l.name(), (l.waitedNanos() - waitedBefore.get(l.name())) / 1_000_000));
        Map<String, String> spans = proxy.spans();
        invocations.forEach(inv -> System.out.println("scaling policies read: " + inv.fleet().lastPolicyRead()));

        sampler.interrupt();
        sampler.join();
        long poolPeak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Map<String, Integer> calls = new TreeMap<>(FaultInjector.calls());
        // Report-only: the check reads and publishes its events; it never changes the fleet, which is
        // what lets a CHECK run measure the same long-running moto again and again.
        List<String> writes = calls.keySet().stream().filter(op -> !READ_ONLY.matcher(op).matches()).toList();
        assertEquals(List.of(), writes, "a report-only drift check wrote to AWS");
        System.gc();
        long retained = heapUsed();
        proxy.latency(Duration.ZERO);
        verify(reports, edits, n);
        List<String> buckets = proxy.buckets().stream().map(LatencyProxy.Bucket::describe).toList();
        Map<String, String> emulator = proxy.emulatorTime();
        Result r = new Result(label, n, edits.size(), (t1 - t0) / 1_000_000, (read - t0) / 1_000_000,
                (checked - read) / 1_000_000, (t1 - checked) / 1_000_000, cpu, waited, spans, calls,
                Math.max(peak.get(), heapBefore), poolPeak, heapBefore, retained, buckets, proxy.overLimit(), emulator);
        print(r);
        reports = null;
        invocations.forEach(inv -> inv.aws().close());
        return r;
    }

    private Map<String, Edit> handEdit(AwsClients aws, Baseline baseline, List<ServiceConfig> configs) {
        Map<String, ServiceConfig> byName = new TreeMap<>();
        configs.forEach(c -> byName.put(c.name(), c));
        Map<String, Edit> edits = SeededFleet.planned(configs.size());
        edits.forEach((name, edit) -> {
            ServiceConfig c = byName.get(name);
            String service = c.service().serviceName();
            switch (edit) {
                case TASK_MEMORY -> {
                    TaskDefinition running = aws.ecs().describeTaskDefinition(b -> b.taskDefinition(
                            aws.ecs().describeServices(s -> s.cluster(baseline.clusterName()).services(service))
                                    .services().get(0).taskDefinition())).taskDefinition();
                    String edited = aws.ecs().registerTaskDefinition(RegisterTaskDefinitionRequest.builder()
                            .family(running.family()).cpu(running.cpu()).memory("2048")
                            .networkMode(running.networkMode()).requiresCompatibilities(running.requiresCompatibilities())
                            .runtimePlatform(running.runtimePlatform()).executionRoleArn(running.executionRoleArn())
                            .taskRoleArn(running.taskRoleArn()).containerDefinitions(running.containerDefinitions())
                            .build()).taskDefinition().taskDefinitionArn();
                    aws.ecs().updateService(b -> b.cluster(baseline.clusterName()).service(service)
                            .taskDefinition(edited));
                }
                case SCALING_MAX -> aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace("ecs")
                        .scalableDimension("ecs:service:DesiredCount")
                        .resourceId("service/" + baseline.clusterName() + "/" + service).minCapacity(2).maxCapacity(40));
                case ALARM_DELETED -> aws.cloudWatch().deleteAlarms(b -> b.alarmNames(
                        DesiredStateBuilder.alarmPrefix(c) + "step-scaling"));
            }
        });
        return edits;
    }

    private static Mode mode(String value) {
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bench.mode '" + value + "' is not one of full, seed, check, repair", e);
        }
    }

    /** Exactly the edited services drifted, each with exactly the one difference its edit made. */
    private static void verify(List<DriftReport> reports, Map<String, Edit> edits, int n) {
        assertEquals(n, reports.size(), "every service reported");
        for (DriftReport r : reports) {
            Edit edit = edits.get(r.service());
            if (edit == null) {
                assertEquals(DriftReport.Status.IN_SYNC, r.status(), () -> "false drift: " + r);
            } else {
                assertEquals(DriftReport.Status.DRIFTED, r.status(), () -> "missed drift: " + r);
                List<String> paths = r.differences().stream().map(Difference::path).toList();
                assertEquals(1, paths.size(), () -> "expected one difference: " + r);
                assertTrue(paths.get(0).startsWith(edit.path), () -> "expected " + edit.path + ": " + r);
            }
        }
    }

    private static void print(Result r) {
        int total = r.calls().values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("--- %d services, %d hand-edited, %s: drift check (SSM read + check + report) ---%n",
                r.services(), r.drifted(), r.label());
        System.out.printf("wall time           %8.2f s (SSM config read %.2f s)%n", r.wallMillis() / 1000.0,
                r.readMillis() / 1000.0);
        System.out.printf("  phases            SSM read %.2f s, DriftCheck.check %.2f s, report %.2f s%n",
                r.readMillis() / 1000.0, r.checkMillis() / 1000.0, r.reportMillis() / 1000.0);
        System.out.printf("  CPU               %8.2f s (benchmark JVM: deployer + both proxies; moto not included)%n",
                r.cpuMillis() / 1000.0);
        System.out.printf("  limiter waits     %s (ms, summed over threads)%n", r.limiterWaitMillis());
        System.out.printf("AWS calls           %8d total, %.3f per service%n", total, total / (double) r.services());
        r.calls().forEach((op, count) -> System.out.printf("  %-46s %6d  (%.3f per service; %s; %s)%n", op, count,
                count / (double) r.services(), r.emulator().getOrDefault(op, ""), r.spans().getOrDefault(op, "")));
        System.out.printf("heap before         %8.1f MB (after GC, benchmark JVM incl. proxies)%n", mb(r.heapBefore()));
        System.out.printf("peak heap used      %8.1f MB sampled every 2 ms; %.1f MB sum of pool peaks%n",
                mb(r.peakHeapSampled()), mb(r.peakHeapPools()));
        System.out.printf("retained after GC   %8.1f MB above the start (reports still referenced)%n",
                mb(r.retainedAfter() - r.heapBefore()));
        System.out.println("AWS default rate limits (metered at the proxy, one account and region):");
        r.buckets().forEach(b -> System.out.println("  " + b));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
