package dev.ecsdeployer.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsdeployer.harness.LoopbackHttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback proxy for the fleet benchmark, in front of the harness's counting fault proxy (and so
 * of moto). It gives every call the latency of AWS in-region: a call takes at least {@code latency}
 * (the proxy waits out whatever moto did not already spend), and it meters every call against the
 * account's default AWS token buckets (FIELD-NOTES §4.5) as if all of them were in one account and
 * region. A call that arrives when its bucket is empty is counted as one AWS would have throttled;
 * it is still forwarded (the benchmark measures whether the deployer stays inside the limits, it does
 * not replay AWS's retries).
 */
final class LatencyProxy {

    private static final Pattern SIGNING_NAME = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Set<String> HOP_HEADERS = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    /** An AWS token bucket: {@code burst} tokens, refilled at {@code perSecond}. */
    static final class Bucket {
        final String name;
        final double burst;
        final double perSecond;
        private double tokens;
        private long last = System.nanoTime();
        private int calls;
        private int overLimit;
        private double lowest;

        Bucket(String name, double burst, double perSecond) {
            this.name = name;
            this.burst = burst;
            this.perSecond = perSecond;
            reset();
        }

        synchronized void reset() {
            tokens = burst;
            lowest = burst;
            last = System.nanoTime();
            calls = 0;
            overLimit = 0;
        }

        synchronized void take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            calls++;
            if (tokens >= 1) {
                tokens -= 1;
            } else {
                overLimit++;
            }
            lowest = Math.min(lowest, tokens);
        }

        synchronized String describe() {
            return String.format("%-44s %5d calls  %4d over the limit  lowest %.0f of %.0f tokens",
                    name + " (" + (int) burst + " burst, " + (int) perSecond + "/s)", calls, overLimit, lowest, burst);
        }

        synchronized int overLimit() {
            return overLimit;
        }

        synchronized int calls() {
            return calls;
        }
    }

    /** The default buckets the drift check's calls fall in; operations not listed are not metered. */
    private final Map<String, Bucket> buckets;
    private final List<Bucket> allBuckets;

    /** Per operation: calls and the time moto itself took (nanoseconds), to tell model from emulator. */
    private final Map<String, long[]> upstream = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per operation: when its first call arrived and its last call ended (nanoTime), to see chains in the wall time. */
    private final Map<String, long[]> spans = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long epoch = System.nanoTime();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI target;
    private volatile Duration latency = Duration.ZERO;

    private LatencyProxy(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newCachedThreadPool(daemon("latency-proxy-client")))
                .connectTimeout(Duration.ofSeconds(5)).build();
        Bucket serviceRead = new Bucket("ECS service read", 100, 20);
        Bucket taskDefinitionRead = new Bucket("ECS task definition read", 50, 20);
        Bucket describeAlarms = new Bucket("CloudWatch DescribeAlarms", 9, 9);
        Bucket ssmRead = new Bucket("SSM parameter read (shared)", 40, 40);
        Bucket describeLogGroups = new Bucket("CloudWatch Logs DescribeLogGroups", 10, 10);
        this.allBuckets = List.of(serviceRead, taskDefinitionRead, describeAlarms, ssmRead, describeLogGroups);
        this.buckets = Map.of(
                "ECS.DescribeServices", serviceRead,
                "ECS.ListServices", serviceRead,
                "ECS.DescribeTaskDefinition", taskDefinitionRead,
                "ECS.ListTaskDefinitions", taskDefinitionRead,
                "CloudWatch.DescribeAlarms", describeAlarms,
                "SSM.GetParametersByPath", ssmRead,
                "SSM.GetParameters", ssmRead,
                "SSM.GetParameter", ssmRead,
                "CloudWatchLogs.DescribeLogGroups", describeLogGroups);
    }

    static LatencyProxy start(URI target) {
        try {
            HttpServer server = LoopbackHttpServer.create(256);
            ExecutorService executor = Executors.newCachedThreadPool(daemon("latency-proxy"));
            LatencyProxy proxy = new LatencyProxy(server, executor, target);
            server.createContext("/", proxy::handle);
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the latency proxy", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every call takes at least this long from here on. */
    void latency(Duration value) {
        latency = value;
    }

    /** Full buckets, zero counts. */
    void resetBuckets() {
        allBuckets.forEach(Bucket::reset);
        upstream.clear();
        spans.clear();
        epoch = System.nanoTime();
    }

    /** Per operation: "first call at x s, last ended at y s" since the last {@link #resetBuckets()}. */
    Map<String, String> spans() {
        Map<String, String> out = new TreeMap<>();
        spans.forEach((op, s) -> {
            synchronized (s) {
                out.put(op, String.format("%.2f s to %.2f s", (s[0] - epoch) / 1e9, (s[1] - epoch) / 1e9));
            }
        });
        return out;
    }

    /** Per operation: "avg / max ms moto took", for the operations above the latency model. */
    Map<String, String> emulatorTime() {
        Map<String, String> out = new TreeMap<>();
        upstream.forEach((op, s) -> {
            synchronized (s) {
                out.put(op, String.format("moto %.0f ms avg, %.0f ms max", s[1] / 1e6 / s[0], s[2] / 1e6));
            }
        });
        return out;
    }

    /** Per operation since the last {@link #resetBuckets()}: {calls, seconds moto took in all}. */
    Map<String, double[]> emulatorSeconds() {
        Map<String, double[]> out = new TreeMap<>();
        upstream.forEach((op, s) -> {
            synchronized (s) {
                out.put(op, new double[] {s[0], s[1] / 1e9});
            }
        });
        return out;
    }

    List<Bucket> buckets() {
        return allBuckets;
    }

    int overLimit() {
        return allBuckets.stream().mapToInt(Bucket::overLimit).sum();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String op = operation(exchange);
            long[] span = spans.computeIfAbsent(op, k -> new long[] {start, start});
            Bucket bucket = buckets.get(op);
            if (bucket != null) {
                bucket.take();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                    .timeout(Duration.ofSeconds(120));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            long[] stat = upstream.computeIfAbsent(op, k -> new long[3]);
            synchronized (stat) {
                stat[0]++;
                stat[1] += took;
                stat[2] = Math.max(stat[2], took);
            }
            long remaining = latency.toNanos() - took;
            if (remaining > 0) {
                Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] bytes = response.body();
            synchronized (span) {
                span[1] = Math.max(span[1], System.nanoTime());
            }
            exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            byte[] message = ("latency proxy failed: " + e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, message.length);
            exchange.getResponseBody().write(message);
        }
    }

    /** {@code Service.Operation} as the fault proxy names it, for the protocols the drift check uses (JSON). */
    private static String operation(HttpExchange exchange) {
        String service = "Unknown";
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            Matcher m = SIGNING_NAME.matcher(auth);
            if (m.find()) {
                service = switch (m.group(1)) {
                    case "ecs" -> "ECS";
                    case "monitoring" -> "CloudWatch";
                    case "logs" -> "CloudWatchLogs";
                    case "ssm" -> "SSM";
                    case "application-autoscaling" -> "ApplicationAutoScaling";
                    case "events" -> "EventBridge";
                    default -> m.group(1);
                };
            }
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) {
            // Smithy RPC v2 CBOR (CloudWatch): the operation is the path's last segment.
            String path = exchange.getRequestURI().getPath();
            int op = path.indexOf("/operation/");
            return service + "." + (op < 0 ? "?" : path.substring(op + "/operation/".length()));
        }
        return service + "." + target.substring(target.lastIndexOf('.') + 1);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static Map<String, Integer> sorted(Map<String, Integer> counts) {
        return new TreeMap<>(counts);
    }
}
