package dev.ecsdeployer.local;

import dev.ecsdeployer.harness.MotoNotInstalledException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cold-start benchmark (run by {@code bench/cold-start.sh}): process start to first response of a
 * function zip under AWS's runtime interface client with Lambda's JVM flags, for the deployer (its
 * first event: an ECR push nobody follows, so it reads and parses every config in SSM on moto and
 * deploys nothing) beside an empty Quarkus Lambda answering {}, measured alternately in the same
 * run. A benchmark, not a test: it prints figures and exits 0 unless a run fails.
 *
 * <p>Arguments: {@code <deployer zip> <empty zip> <runs> <cpu list for taskset, or "all">}.
 */
public final class ColdStartBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    record Run(double initSeconds, double firstResponseSeconds) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ColdStartBench <deployer function.zip> <empty function.zip> <runs> <cpus|all>");
            System.exit(2);
        }
        Path deployerZip = Path.of(args[0]);
        Path emptyZip = Path.of(args[1]);
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
        // What a real deployer finds on its first event: the example services' configs in SSM.
        LocalFleet.create(aws.clients(), "bench");
        String unfollowed = Files.readString(Path.of("events", "ecr-push-unfollowed.json"));

        Path dir = Path.of("target", "bench");
        Path deployerRoot = PackagedFunction.unzip(deployerZip, dir.resolve("deployer"));
        Path emptyRoot = PackagedFunction.unzip(emptyZip, dir.resolve("empty"));

        System.out.printf("cold start under the runtime interface client, Lambda's JVM flags (%s), %s%n",
                String.join(" ", PackagedFunction.lambdaJvmFlags(PackagedFunction.MEMORY_MB)),
                launcher.isEmpty() ? "all CPUs" : "CPUs " + args[3] + " (taskset)");
        System.out.printf("java %s (%s); %d runs each after one warm-up each, alternating%n%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), runs);

        List<Run> empty = new ArrayList<>();
        List<Run> deployer = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Run e = once(launcher, emptyRoot, ric, "{}", aws, dir.resolve("empty.log"));
            Run d = once(launcher, deployerRoot, ric, unfollowed, aws, dir.resolve("deployer.log"));
            if (i == 0) {
                continue; // warm-up: page cache, not the JVM, is what differs on a first run
            }
            empty.add(e);
            deployer.add(d);
            System.out.printf("run %d  empty: init %.2f s, first response %.2f s   deployer: init %.2f s, first response %.2f s%n",
                    i, e.initSeconds(), e.firstResponseSeconds(), d.initSeconds(), d.firstResponseSeconds());
        }
        double emptyMedian = median(empty.stream().mapToDouble(Run::firstResponseSeconds).toArray());
        double deployerMedian = median(deployer.stream().mapToDouble(Run::firstResponseSeconds).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "median process start -> first response: empty Quarkus Lambda %.2f s, deployer %.2f s%n",
                emptyMedian, deployerMedian);
        System.out.printf(Locale.ROOT, "median init (process start -> first invocation/next): empty %.2f s, deployer %.2f s%n",
                median(empty.stream().mapToDouble(Run::initSeconds).toArray()),
                median(deployer.stream().mapToDouble(Run::initSeconds).toArray()));
        double ratio = deployerMedian / emptyMedian;
        System.out.printf(Locale.ROOT, "ratio deployer / empty: %.2f (target <= 1.3: %s)%n", ratio,
                ratio <= 1.3 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "function.zip: deployer %.1f MB, empty %.1f MB%n",
                Files.size(deployerZip) / 1e6, Files.size(emptyZip) / 1e6);
        aws.close();
        System.exit(0);
    }

    private static Run once(List<String> launcher, Path root, List<Path> ric, String event, LocalAws aws, Path log) {
        try (RuntimeApiServer api = RuntimeApiServer.start();
                PackagedFunction f = PackagedFunction.start(launcher, root, ric, PackagedFunction.QUARKUS_HANDLER,
                        aws.functionEnvironment(), api, log)) {
            RuntimeApiServer.Result r = f.invoke(event, TIMEOUT);
            if (r.failed() || !r.body().startsWith("{")) {
                throw new IllegalStateException("the function in " + root + " answered " + r.errorType() + ": " + r.body()
                        + "; its log: " + log);
            }
            return new Run((api.firstNextNanos() - f.spawnedNanos()) / 1e9, (r.answeredNanos() - f.spawnedNanos()) / 1e9);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
