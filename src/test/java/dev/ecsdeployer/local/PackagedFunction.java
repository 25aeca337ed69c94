package dev.ecsdeployer.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function zip run the way Lambda's {@code java21} runtime runs it: unzipped into a task root that
 * is the working directory, a JVM with the runtime's flags whose classpath holds only AWS's runtime
 * interface client, which loads the function from the task root (classes at the top, {@code lib/*.jar})
 * and talks to a {@link RuntimeApiServer} through {@code AWS_LAMBDA_RUNTIME_API}; or a native build
 * ({@code bootstrap} at the zip's root) the way {@code provided.al2023} runs it ({@link #startNative}).
 */
public final class PackagedFunction implements AutoCloseable {

    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The JVM function's memory in template.yaml; the heap follows it as on Lambda (85%). */
    public static final int MEMORY_MB = 1024;
    /** The native function's memory in template.yaml. */
    public static final int NATIVE_MEMORY_MB = 512;

    private final Process process;
    private final RuntimeApiServer api;
    private final Path log;
    private final long spawnedNanos;

    private PackagedFunction(Process process, RuntimeApiServer api, Path log, long spawnedNanos) {
        this.process = process;
        this.api = api;
        this.log = log;
        this.spawnedNanos = spawnedNanos;
    }

    /**
     * The JVM flags of Lambda's java21 runtime (as it launches the runtime interface client), minus
     * what only exists there (its CDS archive, the Log4j hot-patch agent, the JNI path under
     * /var/runtime: the client extracts its own).
     */
    public static List<String> lambdaJvmFlags(int memoryMb) {
        List<String> flags = new ArrayList<>(List.of(
                "-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k",
                "-XX:+UseSerialGC",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:+ErrorFileToStderr"));
        if (Runtime.version().feature() >= 24) {
            // The build's JDK may be newer than Lambda's java21: there the runtime interface client's JNI
            // load is silent; from JDK 24 it warns on stderr (lines that are not JSON) unless allowed.
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        return flags;
    }

    /** Unzips {@code zip} into a fresh {@code taskRoot}. */
    public static Path unzip(Path zip, Path taskRoot) {
        try {
            deleteTree(taskRoot);
            Files.createDirectories(taskRoot);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    Path target = taskRoot.resolve(e.getName()).normalize();
                    if (!target.startsWith(taskRoot)) {
                        throw new IOException("zip entry outside the task root: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return taskRoot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + zip + " into " + taskRoot, e);
        }
    }

    /** The jars of the runtime interface client that {@code ./mvnw package} copies to {@code ricDir}. */
    public static List<Path> ricJars(Path ricDir) {
        try (Stream<Path> files = Files.list(ricDir)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException("no runtime interface client in " + ricDir + "; run ./mvnw package");
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("no runtime interface client jars in " + ricDir + " (" + e.getMessage()
                    + "); run ./mvnw package", e);
        }
    }

    /**
     * Starts the runtime process. {@code env} is added to the runtime's own variables (function name,
     * memory, region, task root, Runtime API address); the parent's environment is not inherited beyond
     * PATH, HOME and locale, as on Lambda.
     */
    public static PackagedFunction start(Path taskRoot, List<Path> ricJars, String handler, Map<String, String> env,
            RuntimeApiServer api, Path log) {
        return start(List.of(), taskRoot, ricJars, handler, env, api, log);
    }

    /** @param launcher a command the JVM runs under (e.g. {@code taskset -c 0} to give it one CPU), or empty */
    public static PackagedFunction start(List<String> launcher, Path taskRoot, List<Path> ricJars, String handler,
            Map<String, String> env, RuntimeApiServer api, Path log) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(lambdaJvmFlags(MEMORY_MB));
        cmd.add("-classpath");
        cmd.add(String.join(java.io.File.pathSeparator, ricJars.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        cmd.add(RIC_MAIN);
        cmd.add(handler);
        Map<String, String> runtimeEnv = new LinkedHashMap<>();
        runtimeEnv.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        runtimeEnv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
        runtimeEnv.putAll(env);
        return launch(cmd, taskRoot, handler, runtimeEnv, api, log);
    }

    /**
     * Starts a native function the way Lambda's {@code provided.al2023} runtime does: the task root's
     * {@code bootstrap} executable, which talks to the Runtime API itself (no JVM, no client).
     */
    public static PackagedFunction startNative(List<String> launcher, Path taskRoot, Map<String, String> env,
            RuntimeApiServer api, Path log) {
        Path bootstrap = taskRoot.resolve("bootstrap");
        if (!Files.isRegularFile(bootstrap)) {
            throw new IllegalStateException(bootstrap + " is missing: the zip is not a native build (./native-build.sh)");
        }
        if (!bootstrap.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + bootstrap + " executable");
        }
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(bootstrap.toAbsolutePath().toString());
        Map<String, String> runtimeEnv = new LinkedHashMap<>();
        runtimeEnv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(NATIVE_MEMORY_MB));
        runtimeEnv.putAll(env);
        return launch(cmd, taskRoot, "bootstrap", runtimeEnv, api, log);
    }

    private static PackagedFunction launch(List<String> cmd, Path taskRoot, String handler, Map<String, String> env,
            RuntimeApiServer api, Path log) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(taskRoot.toFile()).redirectErrorStream(true);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pb.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> penv = pb.environment();
        Map<String, String> keep = new LinkedHashMap<>();
        for (String k : List.of("PATH", "HOME", "LANG", "LC_ALL")) {
            if (penv.containsKey(k)) {
                keep.put(k, penv.get(k));
            }
        }
        penv.clear();
        penv.putAll(keep);
        penv.put("AWS_LAMBDA_RUNTIME_API", api.address());
        penv.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        penv.put("_HANDLER", handler);
        penv.put("AWS_LAMBDA_FUNCTION_NAME", "ecs-deployer");
        penv.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        penv.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/ecs-deployer");
        // As for an on-demand cold start; "snap-start" makes the client checkpoint-and-restore after init.
        penv.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        penv.put("AWS_REGION", "us-east-1");
        penv.put("AWS_DEFAULT_REGION", "us-east-1");
        penv.put("TZ", ":UTC");
        penv.putAll(env);
        long spawned = System.nanoTime();
        try {
            Process process = pb.start();
            PackagedFunction f = new PackagedFunction(process, api, log, spawned);
            // A runtime that dies must fail the waiting invocation now, not at its timeout.
            process.onExit().thenAccept(p -> api.fail("the function process exited with " + p.exitValue()
                    + "; its output is in " + log));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    public RuntimeApiServer.Result invoke(String event, Duration timeout) {
        return api.invoke(event, timeout);
    }

    /** When the process was spawned ({@link System#nanoTime()}). */
    public long spawnedNanos() {
        return spawnedNanos;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The process's peak resident set size so far (VmHWM, Linux), in kB; -1 where /proc does not say. */
    public long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** The function's output so far (its log lines), for error messages. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
