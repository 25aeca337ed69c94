package dev.ecsdeployer.prime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.ScalingStateReader;
import dev.ecsdeployer.apply.EcsRequests;
import dev.ecsdeployer.apply.PlanApplier;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.apply.ReconcileRequest;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.apply.ScalingApplier;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import dev.ecsdeployer.report.Metrics;
import dev.ecsdeployer.verify.ConfigBlobReader;
import dev.ecsdeployer.verify.EcrImagePlatforms;
import dev.ecsdeployer.work.SqsWorkQueue;
import dev.ecsdeployer.workitem.WorkItem;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.ImageMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Priming for SnapStart: during init (application start, which Lambda's {@code java21} runtime runs
 * in the init phase and SnapStart snapshots), do what the first invocation would otherwise pay for:
 * <ol>
 *   <li>build the production SDK clients a push, a drift check and an outcome use (not called);</li>
 *   <li>run the push path's AWS operations once through twin clients aimed at a loopback endpoint in
 *       this process that answers every call with a canned empty answer, so no AWS call is made and
 *       no credentials are read: serialisation, signing, endpoint rules, retries, the URL-connection
 *       HTTP client and unmarshalling all load and run once; CloudWatch's CBOR protocol through the
 *       SDK's own {@link SdkWarmUp};</li>
 *   <li>run the deployer's own code on the push path over those twins: the trigger and config
 *       parsers and validation on an embedded example ({@code examples/api-prod.json} and
 *       {@code events/ecr-push.json}, packaged under {@code priming/}), the image-platform check, a
 *       plan-only reconcile (desired state, actual state, plan, cost), the request builders, the
 *       work queue's message, the report and its event, Jackson throughout.</li>
 * </ol>
 * The classes the first invocation still loads are preloaded by Quarkus from
 * {@code META-INF/quarkus-preload-classes.txt} ({@code bench/hot-classes.sh} lists them).
 *
 * <p>Only where init is not on a request's path: a SnapStart snapshot or provisioned concurrency
 * ({@link #enabled()}); JVM only (a native executable has no snapshot). {@code ECS_DEPLOYER_PRIMING}
 * forces it on or off. Off in tests. A failure is logged and never fails init.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);
    static final String EXAMPLE_CONFIG = "priming/api-prod.json";
    static final String EXAMPLE_PUSH = "priming/ecr-push.json";
    /** An untagged push: the handler answers it as ignored and calls nothing. */
    static final String EXAMPLE_IGNORED = "priming/ecr-push-untagged.json";
    private static final String DIGEST = "sha256:86b2f9144c5bb97e360750f1e9f073f269a47201e4312e1314a60d5a09692c91";

    @Inject
    AwsClients aws;

    @Inject
    ObjectMapper mapper;

    @Inject
    jakarta.enterprise.inject.Instance<dev.ecsdeployer.wiring.DeployerHandler> handler;

    void onStart(@Observes StartupEvent event) {
        if (!enabled()) {
            return;
        }
        long start = System.nanoTime();
        Result result = prime(aws, mapper, handler.isResolvable() ? handler::get : null);
        LOG.infof("primed for SnapStart in %d ms %s%s", (System.nanoTime() - start) / 1_000_000, result.millis(),
                result.failures().isEmpty() ? "" : "; failed: " + result.failures());
    }

    /** How long each step took, and the steps that failed (with why). */
    public record Result(Map<String, Long> millis, List<String> failures) {
    }

    /**
     * On when Lambda initialises the function ahead of its invocations: for a SnapStart snapshot
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) or provisioned concurrency. An on-demand
     * cold start runs its init on the request's path, where priming would only add to it.
     */
    static boolean enabled() {
        String env = System.getenv("ECS_DEPLOYER_PRIMING");
        if (env != null && !env.isBlank()) {
            return Boolean.parseBoolean(env);
        }
        String init = System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE");
        boolean ahead = "snap-start".equals(init) || "provisioned-concurrency".equals(init);
        return ahead && ImageMode.current() == ImageMode.JVM && LaunchMode.current() == LaunchMode.NORMAL;
    }

    /**
     * How often the push path runs, at most, and for how long: the JIT compiles what runs often
     * enough (SnapStart snapshots compiled code too), not what runs once. The first round loads the
     * classes; later ones take a fraction of it.
     */
    static final int PUSH_ROUNDS = 40;
    static final long PUSH_BUDGET_MS = 6_000;

    /** Runs every step. Never throws: a failed step is logged and reported. */
    public static Result prime(AwsClients aws, ObjectMapper mapper) {
        return prime(aws, mapper, null);
    }

    /**
     * @param handler the Lambda handler, given an event it ignores without any AWS call (an untagged
     *                push): its beans are created and its request path runs; null to skip
     */
    public static Result prime(AwsClients aws, ObjectMapper mapper,
                               Supplier<? extends com.amazonaws.services.lambda.runtime.RequestStreamHandler> handler) {
        Map<String, Long> steps = new LinkedHashMap<>();
        List<String> failures = new java.util.ArrayList<>();
        step(steps, failures, "clients", () -> buildClients(aws));
        if (handler != null) {
            step(steps, failures, "handler", () -> {
                try {
                    handler.get().handleRequest(new java.io.ByteArrayInputStream(resource(EXAMPLE_IGNORED)
                            .getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(), null);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        try (Loopback loopback = Loopback.start()) {
            step(steps, failures, "push", () -> {
                long deadline = System.nanoTime() + PUSH_BUDGET_MS * 1_000_000;
                for (int i = 0; i < PUSH_ROUNDS && (i == 0 || System.nanoTime() < deadline); i++) {
                    pushPath(aws.factory(), loopback.endpoint(), mapper);
                }
            });
        } catch (IOException | RuntimeException e) {
            failures.add("loopback: " + e);
        }
        step(steps, failures, "cloudwatch", () -> SdkWarmUp.warmUp(CloudWatchClient.class));
        return new Result(steps, List.copyOf(failures));
    }

    private static void step(Map<String, Long> steps, List<String> failures, String name, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("priming step %s failed (init goes on): %s", name, e.toString());
            failures.add(name + ": " + e);
        }
        steps.put(name, (System.nanoTime() - start) / 1_000_000);
    }

    /** The production clients, built (not called): the first invocation finds them ready. */
    private static void buildClients(AwsClients aws) {
        aws.ssm();
        aws.ecs();
        aws.ecr();
        aws.ecrLookup();
        aws.events();
        // The reach check reads the task role's and secrets' grants before every deploy.
        aws.iam();
        aws.secretsManager();
        aws.sqs();
        aws.logs();
        aws.autoScaling();
        aws.cloudWatch();
    }

    /** The push path over twins of the production clients aimed at the loopback endpoint. */
    private static void pushPath(AwsClientFactory factory, URI endpoint, ObjectMapper mapper) {
        Region region = region();
        StaticCredentialsProvider none = StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
        try (SsmClient ssm = factory.build(SsmClient.builder().endpointOverride(endpoint).credentialsProvider(none).region(region));
             EcsClient ecs = factory.build(EcsClient.builder().endpointOverride(endpoint).credentialsProvider(none).region(region));
             EcrClient ecr = factory.build(EcrClient.builder().endpointOverride(endpoint).credentialsProvider(none).region(region));
             SqsClient sqs = factory.build(SqsClient.builder().endpointOverride(endpoint).credentialsProvider(none).region(region));
             CloudWatchLogsClient logs = factory.build(CloudWatchLogsClient.builder().endpointOverride(endpoint)
                     .credentialsProvider(none).region(region));
             ApplicationAutoScalingClient autoScaling = factory.build(ApplicationAutoScalingClient.builder()
                     .endpointOverride(endpoint).credentialsProvider(none).region(region));
             CloudWatchClient cloudWatch = factory.build(CloudWatchClient.builder().endpointOverride(endpoint)
                     .credentialsProvider(none).region(region));
             EventBridgeClient events = factory.build(EventBridgeClient.builder().endpointOverride(endpoint)
                     .credentialsProvider(none).region(region))) {

            // The front: the event, the configs (SSM), the image's platforms (ECR).
            JsonNode push = dev.ecsdeployer.trigger.TriggerParser.read(new java.io.ByteArrayInputStream(
                    resource(EXAMPLE_PUSH).getBytes(StandardCharsets.UTF_8)));
            new dev.ecsdeployer.trigger.TriggerParser(java.util.Optional.empty()).parse(push);
            SsmConfigStore store = new SsmConfigStore(ssm);
            store.readEnvironment("ecs-deployer", "prod");
            store.readService(new ConfigLocation("ecs-deployer", "prod", "api"));
            String document = resource(EXAMPLE_CONFIG);
            ConfigResult parsed = new ServiceConfigParser().parse(new ConfigLocation("ecs-deployer", "prod", "api"),
                    document, null);
            if (!parsed.valid()) {
                throw new IllegalStateException("the embedded example config is invalid: " + parsed.errors());
            }
            ServiceConfig config = parsed.config();
            Supplier<EcrClient> ecrs = () -> ecr;
            new EcrImagePlatforms(ecrs, new ConfigBlobReader(ecrs)).read("123456789012", "myapp/api", DIGEST);
            ecr.batchGetImage(b -> b.repositoryName("myapp/api").imageIds(ImageIdentifier.builder().imageDigest(DIGEST).build())
                    .acceptedMediaTypes("application/vnd.oci.image.index.v1+json"));
            ecr.describeImages(b -> b.repositoryName("myapp/api").imageIds(ImageIdentifier.builder().imageTag("latest").build()));

            // The work item through the queue (SQS SendMessageBatch).
            ImageRef image = new ImageRef(ImageRef.ecrRepositoryUri("123456789012", region.id(), "myapp/api"), DIGEST,
                    "latest");
            WorkItem item = new WorkItem.Push("prod", "api", "priming", image.image(), "latest", Instant.EPOCH, List.of());
            try {
                new SqsWorkQueue(() -> sqs, endpoint + "/123456789012/priming.fifo", mapper).send(List.of(item));
            } catch (RuntimeException e) {
                // the canned answer confirms no message: expected
            }

            // The worker: a plan-only reconcile (reads ECS, logs, scaling), then the push's writes.
            Reconciler reconciler = new Reconciler(new PlanApplier(ecs, logs, new ScalingApplier(autoScaling, cloudWatch)),
                    new DesiredStateBuilder(region.id()), new EcrImages(ecrs, region.id()));
            ActualStateReader live = new ActualStateReader(ecs, logs, new ScalingStateReader(autoScaling, cloudWatch));
            ReconcileOutcome planned = null;
            try {
                planned = reconciler.reconcile(config, ReconcileRequest.operator(image, false, null), live);
            } catch (RuntimeException e) {
                // canned answers end some reads early; what ran is warm
            }
            DesiredState desired = new DesiredStateBuilder(region.id()).build(config, image);
            ecs.describeServices(b -> b.cluster(desired.cluster()).services(desired.service().serviceName())
                    .include(ServiceField.TAGS));
            ecs.describeTaskDefinition(b -> b.taskDefinition(desired.taskDefinition().family())
                    .include(TaskDefinitionField.TAGS));
            ecs.registerTaskDefinition(EcsRequests.registerTaskDefinition(desired.taskDefinition(), Map.of("priming", "1")));
            ecs.updateService(EcsRequests.updateService(desired.service(),
                    "arn:aws:ecs:" + region.id() + ":123456789012:task-definition/" + desired.taskDefinition().family() + ":1"));
            ecs.tagResource(b -> b.resourceArn("arn:aws:ecs:" + region.id() + ":123456789012:service/c/s")
                    .tags(EcsRequests.tags(Map.of("priming", "1"))));

            // The report: its JSON line (discarded), its event (PutEvents), Jackson over the outcome.
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
            JsonLog log = new JsonLog(mapper, discard);
            EventPublisher publisher = new EventPublisher(() -> events, "default", mapper);
            DeployReporter reporter = new DeployReporter(log, publisher, mapper,
                    new Metrics(log, mapper, "EcsDeployer", Clock.systemUTC()));
            if (planned != null) {
                reporter.reconciled("ecr-push", planned, List.of(), true);
            }
            ObjectNode detail = mapper.createObjectNode().put("service", "api").put("cluster", desired.cluster());
            publisher.publish("Deployment Started", detail, List.of("arn:aws:ecs:" + region.id()
                    + ":123456789012:service/" + desired.cluster() + "/" + desired.service().serviceName()));
            mapper.writeValueAsString(item);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " in the package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A loopback HTTP endpoint in this process answering every AWS call with an empty answer of its
     * protocol (JSON, or CBOR for CloudWatch), and PutEvents with an accepted entry.
     */
    static final class Loopback implements AutoCloseable {

        private static final byte[] EMPTY_CBOR_MAP = {(byte) 0xA0};
        private final HttpServer server;

        private Loopback(HttpServer server) {
            this.server = server;
        }

        static Loopback start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", Loopback::answer);
            server.start();
            return new Loopback(server);
        }

        URI endpoint() {
            return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
        }

        private static void answer(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body;
            if (exchange.getRequestURI().getPath().contains("/operation/")) {
                exchange.getResponseHeaders().add("Content-Type", "application/cbor");
                exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
                body = EMPTY_CBOR_MAP;
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                String json = target != null && target.endsWith(".PutEvents")
                        ? "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"priming\"}]}" : "{}";
                body = json.getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
