package dev.ecsdeployer.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsdeployer.harness.LoopbackHttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, for one function process: the
 * endpoints a runtime calls ({@code invocation/next}, {@code invocation/<id>/response},
 * {@code invocation/<id>/error}, {@code init/error}). {@link #invoke} queues an event and waits for
 * the runtime's answer, as the Lambda service does for a synchronous invoke.
 */
public final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern RESULT = Pattern.compile("^" + PREFIX + "/invocation/([^/]+)/(response|error)$");
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ecs-deployer";

    /**
     * What the runtime answered for one invocation. {@code errorType} is null on success.
     * {@code deliveredNanos}: when the runtime received the event (its {@code invocation/next}
     * answered), so {@code answeredNanos - deliveredNanos} is the handler's time.
     */
    public record Result(String requestId, String body, String errorType, long queuedNanos, long answeredNanos,
                         long deliveredNanos) {
        public boolean failed() {
            return errorType != null;
        }

        public Duration elapsed() {
            return Duration.ofNanos(answeredNanos - queuedNanos);
        }

        /** From the event's delivery to the runtime to its answer: the handler's time. */
        public Duration handlerTime() {
            return Duration.ofNanos(answeredNanos - deliveredNanos);
        }
    }

    private record Pending(String requestId, byte[] event, long queuedNanos, CompletableFuture<Result> answer,
                           java.util.concurrent.atomic.AtomicLong delivered) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    /** Completed when nothing more can be answered: an init error, or the runtime process died. */
    private final CompletableFuture<String> fatal = new CompletableFuture<>();
    private volatile long firstNextNanos;
    private volatile long restoreNextNanos;

    private RuntimeApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free loopback port (the OS picks it, so there is nothing to clash with). */
    public static RuntimeApiServer start() {
        try {
            HttpServer server = LoopbackHttpServer.create(16);
            // invocation/next is a long poll and holds its thread: a pool, not the default single thread.
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "runtime-api");
                t.setDaemon(true);
                return t;
            });
            RuntimeApiServer api = new RuntimeApiServer(server, executor);
            server.createContext(PREFIX + "/", api::handle);
            server.setExecutor(executor);
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Lambda Runtime API server on loopback", e);
        }
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: host:port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** When the runtime first asked for work (its init is over), or 0 if it has not yet. */
    public long firstNextNanos() {
        return firstNextNanos;
    }

    /** When a SnapStart runtime reported its init done (restore/next), or 0. */
    public long restoreNextNanos() {
        return restoreNextNanos;
    }

    /** The init error the runtime reported, if it reported one. */
    public String initError() {
        return initError.getNow(null);
    }

    /**
     * Queues an event and waits for the function's response or error. Fails if the runtime reports an
     * init error or does not answer within {@code timeout}.
     */
    public Result invoke(String event, Duration timeout) {
        Pending p = new Pending(UUID.randomUUID().toString(), event.getBytes(StandardCharsets.UTF_8), System.nanoTime(),
                new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicLong());
        queue.add(p);
        try {
            return CompletableFuture.anyOf(p.answer(), fatal.thenApply(reason -> {
                throw new IllegalStateException(reason);
            })).thenApply(Result.class::cast).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the function did not answer within " + timeout
                    + (firstNextNanos == 0 ? " (it never called invocation/next: still starting, or dead)" : ""));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the function", e);
        } finally {
            queue.remove(p);
        }
    }

    /** Fails the waiting and any later invocation with {@code reason} (e.g. the runtime process exited). */
    public void fail(String reason) {
        fatal.complete(reason);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if ("GET".equals(method) && path.equals(PREFIX + "/invocation/next")) {
                next(ex);
                return;
            }
            if ("GET".equals(method) && path.equals(PREFIX + "/restore/next")) {
                // SnapStart (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start): init is over, the runtime ran its
                // beforeCheckpoint hooks; Lambda would snapshot here and answer after a restore.
                restoreNextNanos = System.nanoTime();
                send(ex, 200, "");
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            if ("POST".equals(method) && path.equals(PREFIX + "/init/error")) {
                String error = ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + ": "
                        + new String(body, StandardCharsets.UTF_8);
                initError.complete(error);
                fatal.complete("the function failed to initialise: " + error);
                send(ex, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher m = RESULT.matcher(path);
            if ("POST".equals(method) && m.matches()) {
                Pending p = inFlight.remove(m.group(1));
                if (p == null) {
                    send(ex, 400, "{\"errorMessage\":\"unknown request id " + m.group(1) + "\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                String errorType = m.group(2).equals("error")
                        ? headerOr(ex, "Lambda-Runtime-Function-Error-Type", "Unhandled") : null;
                p.answer().complete(new Result(p.requestId(), new String(body, StandardCharsets.UTF_8), errorType,
                        p.queuedNanos(), System.nanoTime(), p.delivered().get()));
                send(ex, 202, "{\"status\":\"OK\"}");
                return;
            }
            send(ex, 404, "{\"errorMessage\":\"not part of the Runtime API: " + method + " " + path + "\"}");
        }
    }

    private void next(HttpExchange ex) throws IOException {
        if (firstNextNanos == 0) {
            firstNextNanos = System.nanoTime();
        }
        Pending p;
        try {
            p = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        inFlight.put(p.requestId(), p);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", "application/json");
        h.set("Lambda-Runtime-Aws-Request-Id", p.requestId());
        h.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
        h.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        h.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        p.delivered().set(System.nanoTime());
        ex.sendResponseHeaders(200, p.event().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(p.event());
        }
    }

    private static String headerOr(HttpExchange ex, String name, String fallback) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
