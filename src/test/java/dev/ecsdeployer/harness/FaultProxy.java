package dev.ecsdeployer.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of moto. Each HTTP request is one SDK attempt, so counting here
 * shows retries, and a fault injected here never reaches moto (like real throttling: no side
 * effect). What to inject comes from {@link FaultInjector}. Calls not marked by {@link
 * HarnessCallMarker} as the tests' own are the deployer's: {@link OperationLog} records them.
 */
final class FaultProxy {

    private static final Pattern SIGNING_NAME = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Pattern CBOR_OPERATION = Pattern.compile("/operation/([A-Za-z0-9]+)$");
    private static final Pattern QUERY_ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)");
    /** Signing name to the service name used in operation keys. */
    private static final Map<String, String> SERVICES = Map.ofEntries(
            Map.entry("ecs", "ECS"),
            Map.entry("application-autoscaling", "ApplicationAutoScaling"),
            Map.entry("monitoring", "CloudWatch"),
            Map.entry("logs", "CloudWatchLogs"),
            Map.entry("ssm", "SSM"),
            Map.entry("events", "EventBridge"),
            Map.entry("ecr", "ECR"),
            Map.entry("ec2", "EC2"),
            Map.entry("iam", "IAM"),
            Map.entry("elasticloadbalancing", "ELBv2"),
            Map.entry("sqs", "SQS"),
            Map.entry("sts", "STS"),
            Map.entry("secretsmanager", "SecretsManager"));
    /** Headers java.net.http refuses to set, or that must be recomputed. */
    private static final Set<String> HOP_HEADERS = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI target;

    private FaultProxy(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static FaultProxy start(URI target) {
        try {
            HttpServer server = LoopbackHttpServer.create(64);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fault-proxy");
                t.setDaemon(true);
                return t;
            });
            FaultProxy proxy = new FaultProxy(server, executor, target);
            server.createContext("/", proxy::handle);
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String service = service(exchange);
            String operation = service + "." + operation(exchange, body);
            if (exchange.getRequestHeaders().getFirst(HarnessCallMarker.HEADER) == null) {
                OperationLog.record(operation);
            }
            Optional<Fault> fault = FaultInjector.onCall(operation);
            if (fault.isPresent()) {
                inject(exchange, fault.get(), service);
            } else {
                forward(exchange, body);
            }
        } catch (RuntimeException e) {
            byte[] message = ("fault proxy failed: " + e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, message.length);
            exchange.getResponseBody().write(message);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !HarnessCallMarker.HEADER.equalsIgnoreCase(name)) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void inject(HttpExchange exchange, Fault fault, String service) throws IOException {
        if (fault == Fault.TIMEOUT) {
            try {
                Thread.sleep(FaultInjector.timeoutDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return; // closing the exchange without a response: the client sees a timeout or a reset
        }
        ErrorShape error = switch (fault) {
            case THROTTLING -> new ErrorShape(400, "ThrottlingException", "Throttling", "RequestLimitExceeded",
                    "Rate exceeded");
            case ACCESS_DENIED -> new ErrorShape(400, "AccessDeniedException", "AccessDenied", "UnauthorizedOperation",
                    "User: arn:aws:sts::123456789012:assumed-role/ecs-deployer/fn is not authorized to perform: "
                            + "the injected action because no identity-based policy allows it");
            default -> new ErrorShape(500, "InternalFailure", "InternalFailure", "InternalError", "Injected server error");
        };
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body;
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            // Query protocol (EC2, IAM, ELB): XML errors; EC2 has its own envelope.
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            body = ("EC2".equals(service)
                    ? "<Response><Errors><Error><Code>" + error.ec2Code() + "</Code><Message>" + error.message()
                            + "</Message></Error></Errors><RequestID>fault</RequestID></Response>"
                    : "<ErrorResponse><Error><Type>Sender</Type><Code>" + error.queryCode() + "</Code><Message>"
                            + error.message() + "</Message></Error><RequestId>fault</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            // JSON 1.0/1.1 (and CloudWatch after the CBOR bridge turned it into JSON 1.0).
            exchange.getResponseHeaders().set("Content-Type",
                    contentType != null ? contentType : "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", error.jsonCode());
            body = ("{\"__type\":\"" + error.jsonCode() + "\",\"message\":\"" + error.message() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(error.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static String service(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            Matcher m = SIGNING_NAME.matcher(auth);
            if (m.find()) {
                return SERVICES.getOrDefault(m.group(1), m.group(1));
            }
        }
        return "Unknown";
    }

    private static String operation(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        Matcher cbor = CBOR_OPERATION.matcher(exchange.getRequestURI().getPath());
        if (cbor.find()) {
            return cbor.group(1);
        }
        Matcher action = QUERY_ACTION.matcher(URLDecoder.decode(new String(body, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
        if (action.find()) {
            return action.group(1);
        }
        return exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    }

    /** One fault's status and error code in each protocol family. */
    private record ErrorShape(int status, String jsonCode, String queryCode, String ec2Code, String message) {
    }
}
