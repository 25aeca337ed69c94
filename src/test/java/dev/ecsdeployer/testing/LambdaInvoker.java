package dev.ecsdeployer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Invokes the function inside {@code @QuarkusTest} the way Lambda does: the Lambda extension's
 * mock event server takes the event on {@code /_lambda_} and returns the handler's response.
 */
public final class LambdaInvoker {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The port Quarkus started the mock event server on (configured, or a free one when 0). */
    static final String PORT = "quarkus.lambda.mock-event-server.test-port";

    private LambdaInvoker() {
    }

    public static JsonNode invoke(String eventJson) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(eventJson))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("the function failed with HTTP " + r.statusCode() + ": " + r.body());
            }
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Read on each call: a Quarkus restart (another test profile) may start the server on another port. */
    static URI endpoint() {
        // The class loader Quarkus runs the test in, not the thread's: pool threads invoke too.
        int port = ConfigProvider.getConfig(LambdaInvoker.class.getClassLoader()).getValue(PORT, Integer.class);
        return URI.create("http://localhost:" + port + "/_lambda_");
    }

    public static JsonNode invoke(JsonNode event) {
        return invoke(event.toString());
    }

    /** {@code events/ecr-push.json} for another repository, digest, tag and push time. */
    public static ObjectNode push(String repository, String digest, String tag, String time) {
        ObjectNode event = (ObjectNode) sample("ecr-push.json");
        event.put("time", time);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("repository-name", repository);
        detail.put("image-digest", digest);
        detail.put("image-tag", tag);
        return event;
    }

    /** A sample from {@code events/}, as a tree a test may adjust. */
    public static JsonNode sample(String name) {
        try {
            return MAPPER.readTree(Files.readString(Path.of("events", name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
