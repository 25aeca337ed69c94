package dev.ecsdeployer.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one CloudWatch bridge: a loopback pass-through in front of the AWS endpoint (moto, or the
 * fault proxy in front of it). The SDK's CloudWatch client speaks Smithy RPC v2 CBOR, which moto
 * 5.2.1 does not serve (see MOTO-GAPS.md); CloudWatch also accepts JSON 1.0, so a CBOR call is
 * re-sent as the equivalent JSON 1.0 call and the answer (or error) turned back into CBOR. Every
 * other request goes through unchanged. It sits on the wire, not in the SDK, so that the tests and
 * the packaged function (which runs exactly as shipped) are bridged the same way.
 */
public final class CloudWatchJsonGateway implements AutoCloseable {

    private static final Pattern CBOR_PATH = Pattern.compile("^(.*)/service/(GraniteServiceVersion20100801)/operation/([A-Za-z0-9]+)$");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    /** Headers java.net.http refuses to set or that it recomputes. */
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI target;
    /** How long the endpoint took to answer, per operation (ms): where a handler's time goes. */
    private final Map<String, List<Double>> timings = new java.util.concurrent.ConcurrentHashMap<>();

    private CloudWatchJsonGateway(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static CloudWatchJsonGateway start(URI target) {
        try {
            HttpServer server = LoopbackHttpServer.create(64);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "cloudwatch-json-gateway");
                t.setDaemon(true);
                return t;
            });
            CloudWatchJsonGateway g = new CloudWatchJsonGateway(server, executor, target);
            server.createContext("/", g::handle);
            server.setExecutor(executor);
            server.start();
            return g;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the CloudWatch gateway on loopback", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            Matcher cbor = CBOR_PATH.matcher(rawPath);
            boolean bridged = cbor.matches();
            String path = bridged ? (cbor.group(1).isEmpty() ? "/" : cbor.group(1)) : rawPath;
            HttpRequest.Builder out = HttpRequest.newBuilder(target.resolve(path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(60));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                String name = h.getKey().toLowerCase();
                if (HOP.contains(name) || (bridged && (name.equals("content-type") || name.equals("accept")
                        || name.equals("smithy-protocol")))) {
                    continue;
                }
                h.getValue().forEach(v -> out.header(h.getKey(), v));
            }
            if (bridged) {
                body = cborToJson(body);
                out.header("Content-Type", "application/x-amz-json-1.0");
                out.header("X-Amz-Target", cbor.group(2) + "." + cbor.group(3));
            }
            out.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> answer;
            String operation = bridged ? cbor.group(3) : operation(ex, body);
            long sent = System.nanoTime();
            try {
                answer = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
                // Only the function's calls: the harness's own (seeding, reading back) are marked.
                if (ex.getRequestHeaders().getFirst(HarnessCallMarker.HEADER) == null) {
                    timings.computeIfAbsent(operation, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                            .add((System.nanoTime() - sent) / 1e6);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IOException e) {
                // The endpoint is unreachable: answer as a gateway would, the SDK retries it.
                byte[] msg = ("cannot reach " + target + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(502, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            byte[] responseBody = bridged ? jsonToCbor(answer.body(), answer.statusCode()) : answer.body();
            answer.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase();
                if (!HOP.contains(lower) && !lower.equals(":status") && !(bridged && lower.equals("content-type"))) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
            });
            if (bridged) {
                ex.getResponseHeaders().set("Content-Type", "application/cbor");
                ex.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            }
            ex.sendResponseHeaders(answer.statusCode(), responseBody.length == 0 ? -1 : responseBody.length);
            if (responseBody.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(responseBody);
                }
            }
        }
    }

    /** The operation a request calls: its X-Amz-Target, or the Action of a query body. */
    private static String operation(HttpExchange ex, byte[] body) {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        Matcher m = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)").matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
    }

    /** Per operation, the endpoint's answer times (ms) since the last {@link #resetTimings()}. */
    public Map<String, List<Double>> timings() {
        Map<String, List<Double>> copy = new java.util.TreeMap<>();
        timings.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }

    public void resetTimings() {
        timings.clear();
    }

    static byte[] cborToJson(byte[] cbor) throws IOException {
        JsonNode tree = cbor.length == 0 ? JSON.createObjectNode() : CBOR.readTree(cbor);
        return JSON.writeValueAsBytes(tree == null || tree.isMissingNode() ? JSON.createObjectNode() : tree);
    }

    static byte[] jsonToCbor(byte[] json, int status) throws IOException {
        try {
            return CBOR.writeValueAsBytes(json.length == 0 ? JSON.createObjectNode() : JSON.readTree(json));
        } catch (IOException notJson) {
            // moto answers some CloudWatch errors as Query XML even on the JSON protocol.
            String text = new String(json, StandardCharsets.UTF_8);
            Matcher code = XML_CODE.matcher(text);
            Matcher message = XML_MESSAGE.matcher(text);
            ObjectNode error = JSON.createObjectNode();
            error.put("__type", code.find() ? code.group(1) : (status >= 500 ? "InternalFailure" : "UnknownError"));
            error.put("message", message.find() ? message.group(1) : text);
            return CBOR.writeValueAsBytes(error);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
