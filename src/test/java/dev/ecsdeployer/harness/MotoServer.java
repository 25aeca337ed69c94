package dev.ecsdeployer.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code moto_server} per test JVM, on a free loopback port, with a {@link FaultProxy} in front
 * of it. Clients talk to the proxy ({@link #endpoint()}) so that faults can be injected and calls
 * counted; the harness itself talks to moto directly ({@link #motoEndpoint()}). Stopped at JVM exit.
 *
 * <p>moto runs with the harness's patch ({@code src/test/resources/moto/}, loaded through
 * {@code sitecustomize} on {@code PYTHONPATH}) so that ECS deployments behave as on AWS; see
 * MOTO-GAPS.md. Start-up fails if the patch did not load.
 */
public final class MotoServer {

    public static final String REGION = "us-east-1";
    /** moto's default account. */
    public static final String ACCOUNT = "123456789012";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The Python files of the patch, test resources under {@code moto/}. */
    private static final List<String> PATCH_FILES = List.of("sitecustomize.py", "ecs_deployer_moto.py");
    /** Answers 200 only when the patch is loaded; POST moves a deployment ({@link EcsDeployments}). */
    static final String DEPLOYMENT_API = "/moto-api/ecs-deployer/deployment";

    private static MotoServer instance;

    /** Null when attached to a moto this JVM did not start. */
    private final Process process;
    private final URI motoEndpoint;
    private final FaultProxy proxy;
    private final CloudWatchJsonGateway gateway;

    private MotoServer(Process process, URI motoEndpoint, FaultProxy proxy, CloudWatchJsonGateway gateway) {
        this.process = process;
        this.motoEndpoint = motoEndpoint;
        this.proxy = proxy;
        this.gateway = gateway;
    }

    /** Starts moto and the proxy the first time; later calls return the running server. */
    public static synchronized MotoServer start() {
        if (instance == null) {
            instance = launch(MotoBinaryLocator.fromSystem().locate());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "moto-server-stop"));
        }
        return instance;
    }

    /**
     * The proxies in front of a moto that is already running at {@code motoEndpoint} with the
     * harness's patch loaded, which this JVM neither started nor stops (the fleet benchmark seeds one
     * long-running moto and checks it from later JVMs). Refused if the patch is not loaded, or if this
     * JVM already has a moto.
     */
    public static synchronized MotoServer attach(URI motoEndpoint) {
        if (instance != null) {
            throw new IllegalStateException("this JVM already uses moto at " + instance.motoEndpoint);
        }
        int status = patchStatus(motoEndpoint);
        if (status != 200) {
            throw new IllegalStateException("moto at " + motoEndpoint + " is not running with the harness's ECS patch ("
                    + DEPLOYMENT_API + " answered " + status + "): start it with src/test/resources/moto/ on PYTHONPATH");
        }
        FaultProxy proxy = FaultProxy.start(motoEndpoint);
        instance = new MotoServer(null, motoEndpoint, proxy, CloudWatchJsonGateway.start(proxy.endpoint()));
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "moto-proxies-stop"));
        return instance;
    }

    /** The endpoint SDK clients must use: the CloudWatch gateway, then the fault proxy, then moto. */
    public URI endpoint() {
        return gateway.endpoint();
    }

    /** moto itself, bypassing fault injection and call counting. */
    public URI motoEndpoint() {
        return motoEndpoint;
    }

    /**
     * The settings the production client factory reads, as system properties / config: endpoint,
     * region and dummy credentials. Suitable for a Quarkus test resource's config map too.
     */
    public Map<String, String> clientProperties() {
        return Map.of(
                "aws.endpointUrl", endpoint().toString(),
                "aws.region", REGION,
                "aws.accessKeyId", "testing",
                "aws.secretAccessKey", "testing");
    }

    /** Sets {@link #clientProperties()} as JVM system properties. */
    public void applySystemProperties() {
        clientProperties().forEach(System::setProperty);
    }

    /** Clears all state in moto ({@code POST /moto-api/reset}). */
    public void reset() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(motoEndpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed at " + motoEndpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }

    private static MotoServer launch(List<String> command) {
        Path log = logFile();
        int port = freePort();
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path patch = installPatch();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().merge("PYTHONPATH", patch.toString(), (old, mine) -> mine + File.pathSeparator + old);
            process = builder.start();
        } catch (IOException e) {
            throw new MotoNotInstalledException("could not start moto with " + argv + ": " + e.getMessage()
                    + ". " + MotoBinaryLocator.INSTALL_HINT);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        awaitReady(process, endpoint, argv, log);
        requirePatch(process, endpoint, patch, log);
        // SDK → CloudWatch gateway (CBOR → JSON 1.0) → fault proxy (counts, injects) → moto.
        FaultProxy proxy = FaultProxy.start(endpoint);
        return new MotoServer(process, endpoint, proxy, CloudWatchJsonGateway.start(proxy.endpoint()));
    }

    private static void awaitReady(Process process, URI endpoint, List<String> argv, Path log) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with " + process.exitValue() + " on start (" + argv
                        + "); its output:\n" + readQuietly(log));
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting up.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
            sleep(Duration.ofMillis(100));
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto did not answer within " + STARTUP_TIMEOUT + " (" + argv
                + "); its output:\n" + readQuietly(log));
    }

    /**
     * Copies the patch out of the test classpath to {@code target/moto-patch/} (written to a
     * temporary file and moved, so a concurrent JVM never reads half a file).
     */
    private static Path installPatch() {
        try {
            Path dir = Path.of("target", "moto-patch").toAbsolutePath();
            Files.createDirectories(dir);
            for (String name : PATCH_FILES) {
                try (InputStream in = MotoServer.class.getClassLoader().getResourceAsStream("moto/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource moto/" + name + " is missing from the classpath");
                    }
                    Path tmp = Files.createTempFile(dir, name, ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the moto patch to target/moto-patch", e);
        }
    }

    /** moto without the patch would pass tests against moto's behaviour, not AWS's: refuse it. */
    private static void requirePatch(Process process, URI endpoint, Path patch, Path log) {
        int status = patchStatus(endpoint);
        if (status != 200) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new IllegalStateException("moto started without the harness's ECS patch (" + patch
                    + " on PYTHONPATH, " + DEPLOYMENT_API + " answered " + status + "); its output:\n" + readQuietly(log));
        }
    }

    /** What the patch's endpoint answers: 200 when loaded, -1 when moto does not answer. */
    private static int patchStatus(URI endpoint) {
        try {
            return HTTP.send(HttpRequest.newBuilder(endpoint.resolve(DEPLOYMENT_API)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the moto patch", e);
        }
    }

    private void stop() {
        gateway.close();
        proxy.stop();
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static Path logFile() {
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            return dir.resolve("moto-server.log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create target/ for the moto log", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
