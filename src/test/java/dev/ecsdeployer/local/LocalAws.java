package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.CloudWatchJsonGateway;
import dev.ecsdeployer.work.QueuePump;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.MotoNotInstalledException;
import dev.ecsdeployer.harness.MotoServer;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local AWS endpoint for a run: {@code AWS_ENDPOINT_URL} when the user set one, else a moto
 * started on a free loopback port (stopped at JVM exit by {@link MotoServer}). The function reaches
 * it through a {@link CloudWatchJsonGateway}, and so do this JVM's own clients (baseline, hand edits).
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = MotoServer.REGION;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MOTO_ATTEMPTS = 3;

    private final URI endpoint;
    private final boolean startedMoto;
    private final CloudWatchJsonGateway gateway;
    private final AwsClientFactory factory;
    private String workQueueUrl;

    private LocalAws(URI endpoint, boolean startedMoto, CloudWatchJsonGateway gateway) {
        this.endpoint = endpoint;
        this.startedMoto = startedMoto;
        this.gateway = gateway;
        this.factory = AwsClientFactory.fromEnvironment();
    }

    /**
     * Creates the work queue (FIFO, with its dead-letter queue) as the template does, under a name
     * unique to the run, and gives the function its URL: triggers then only queue work, and
     * {@link #throughQueue} works it the way Lambda's event source mapping would.
     */
    public String createWorkQueue(String name) {
        try (SqsClient sqs = factory.sqs()) {
            QueuePump.createQueues(sqs, name + ".fifo", name + "-dlq.fifo", 3);
            workQueueUrl = sqs.getQueueUrl(b -> b.queueName(name + ".fifo")).queueUrl();
        }
        return workQueueUrl;
    }

    /**
     * The answer to a trigger once the work it queued is done: the front's answer with each queued
     * service replaced by the worker's report (and a queued deployment outcome's detail at the top).
     * Pumps the work queue like Lambda's event source mapping: receive up to 10, invoke the function
     * with the SQS event, delete what succeeded.
     */
    public JsonNode throughQueue(JsonNode front, Function<JsonNode, JsonNode> invoke) {
        if (workQueueUrl == null) {
            return front;
        }
        List<JsonNode> worked = new ArrayList<>();
        try (SqsClient sqs = factory.sqs()) {
            QueuePump pump = new QueuePump(sqs, workQueueUrl, event -> {
                JsonNode answer = invoke.apply(event);
                answer.path("results").forEach(worked::add);
                return answer;
            });
            pump.drain(10, 100);
        }
        ObjectNode merged = ((ObjectNode) front).deepCopy();
        ArrayNode services = MAPPER.createArrayNode();
        front.path("services").forEach(s -> {
            if (!"QUEUED".equals(s.path("status").asText())) {
                services.add(s);
            }
        });
        for (JsonNode r : worked) {
            if (r.has("outcome")) {
                merged.setAll((ObjectNode) r);
            } else {
                services.add(r);
            }
        }
        if (front.has("services")) {
            merged.set("services", services);
        }
        return merged;
    }

    /**
     * For the local run: the user's {@code AWS_ENDPOINT_URL}, else moto.
     *
     * @throws MotoNotInstalledException when moto must be started and cannot be found (says how to install it)
     */
    public static LocalAws start() {
        return start(true);
    }

    /** @param honourEndpointEnv false for tests, which always run on their own moto */
    public static LocalAws start(boolean honourEndpointEnv) {
        Optional<String> given = Optional.ofNullable(honourEndpointEnv ? System.getenv("AWS_ENDPOINT_URL") : null)
                .filter(s -> !s.isBlank());
        URI endpoint = given.map(URI::create).orElseGet(LocalAws::startMoto);
        CloudWatchJsonGateway gateway = CloudWatchJsonGateway.start(endpoint);
        // The SDK reads these before the environment; the region must match the baseline's AZs. This
        // JVM's clients go through the same CloudWatch gateway as the function.
        System.setProperty("aws.endpointUrl", gateway.endpoint().toString());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", envOr("AWS_ACCESS_KEY_ID", "testing"));
        System.setProperty("aws.secretAccessKey", envOr("AWS_SECRET_ACCESS_KEY", "testing"));
        return new LocalAws(endpoint, given.isEmpty(), gateway);
    }

    /** moto picks no port itself; a port taken between our probe and its bind makes it exit: try again. */
    private static URI startMoto() {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= MOTO_ATTEMPTS; attempt++) {
            try {
                return MotoServer.start().motoEndpoint();
            } catch (MotoNotInstalledException e) {
                throw e;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw new IllegalStateException("moto did not start after " + MOTO_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean startedMoto() {
        return startedMoto;
    }

    public AwsClientFactory clients() {
        return factory;
    }

    /** The pass-through the function's calls go through (it times them per operation). */
    public CloudWatchJsonGateway gateway() {
        return gateway;
    }

    /** What the function process needs to reach this endpoint (through the gateway) as on Lambda. */
    public Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", gateway.endpoint().toString());
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", envOr("AWS_ACCESS_KEY_ID", "testing"));
        env.put("AWS_SECRET_ACCESS_KEY", envOr("AWS_SECRET_ACCESS_KEY", "testing"));
        Optional.ofNullable(System.getenv("AWS_SESSION_TOKEN")).ifPresent(t -> env.put("AWS_SESSION_TOKEN", t));
        // No ECS_DEPLOYER_ACCOUNT_ID: the function learns its account from the invocation's function ARN
        // (the Runtime API server's, in moto's account), which is what it falls back to on Lambda.
        if (workQueueUrl != null) {
            env.put("ECS_DEPLOYER_WORK_QUEUE_URL", workQueueUrl);
            env.put("ECS_DEPLOYER_WORK_MAX_RECEIVES", "3");
        }
        return env;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        gateway.close();
        // moto itself stops in MotoServer's shutdown hook, also on Ctrl-C.
    }
}
