package dev.ecsdeployer.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Moves ECS deployments on moto the way ECS moves them on AWS, and builds the {@code ECS
 * Deployment State Change} events AWS sends for each step (FIELD-NOTES §3.4 and §9). Nothing in
 * moto runs tasks, so without this a deployment never completes, fails or rolls back.
 *
 * <p>It talks to moto directly ({@link MotoServer#motoEndpoint()}), not through the fault proxy:
 * what it does is ECS's doing, not the deployer's, so it is never faulted and never counted.
 *
 * <p>A circuit-breaker rollback, in AWS's order:
 * <pre>{@code
 * CircuitBreakerRollback rollback = deployments.circuitBreakerRollback(cluster, service, failedId);
 * invoke(rollback.failed());              // SERVICE_DEPLOYMENT_FAILED for the failed deployment
 * invoke(rollback.rollbackInProgress());  // a new PRIMARY deployment on the previous revision
 * invoke(rollback.rollbackCompleted());   // SERVICE_DEPLOYMENT_COMPLETED for that new deployment
 * }</pre>
 */
public final class EcsDeployments implements AutoCloseable {

    /** The account moto answers as with the harness's dummy credentials. */
    public static final String ACCOUNT = "123456789012";
    public static final String DETAIL_TYPE = "ECS Deployment State Change";
    public static final String IN_PROGRESS = "SERVICE_DEPLOYMENT_IN_PROGRESS";
    public static final String COMPLETED = "SERVICE_DEPLOYMENT_COMPLETED";
    public static final String FAILED = "SERVICE_DEPLOYMENT_FAILED";
    /** What ECS writes when the circuit breaker stops a deployment whose tasks do not start. */
    public static final String TASKS_FAILED_REASON = "ECS deployment circuit breaker: tasks failed to start.";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI moto;
    private final EcsClient ecs;

    private EcsDeployments(URI moto) {
        this.moto = moto;
        this.ecs = EcsClient.builder().endpointOverride(moto).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** On the running moto (starts it if needed). */
    public static EcsDeployments onMoto() {
        return new EcsDeployments(MotoServer.start().motoEndpoint());
    }

    @Override
    public void close() {
        ecs.close();
    }

    /** The service as moto describes it now. */
    public Service service(String cluster, String service) {
        return ecs.describeServices(b -> b.cluster(cluster).services(service)).services().stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + cluster + "/" + service + " on moto"));
    }

    /** The service's PRIMARY deployment. */
    public Deployment primary(String cluster, String service) {
        return service(cluster, service).deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no PRIMARY deployment of " + cluster + "/" + service));
    }

    /** An {@code ECS Deployment State Change} event as AWS sends it; changes nothing on moto. */
    public ObjectNode event(String cluster, String service, String eventName, String deploymentId, String reason) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", DETAIL_TYPE);
        event.put("source", "aws.ecs");
        event.put("account", ACCOUNT);
        event.put("time", now);
        event.put("region", MotoServer.REGION);
        // No cluster field in this event: resources[0] is ...:service/<cluster>/<service>.
        event.putArray("resources").add("arn:aws:ecs:" + MotoServer.REGION + ":" + ACCOUNT + ":service/" + cluster
                + "/" + service);
        ObjectNode detail = event.putObject("detail");
        detail.put("eventType", FAILED.equals(eventName) ? "ERROR" : "INFO");
        detail.put("eventName", eventName);
        detail.put("deploymentId", deploymentId);
        detail.put("updatedAt", now);
        detail.put("reason", reason);
        return event;
    }

    /** SERVICE_DEPLOYMENT_IN_PROGRESS for a deployment that just started; moto already has it. */
    public ObjectNode inProgress(String cluster, String service, String deploymentId) {
        requireDeployment(cluster, service, deploymentId);
        return event(cluster, service, IN_PROGRESS, deploymentId, "ECS deployment " + deploymentId + " in progress.");
    }

    /** The deployment started {@code minutes} ago and is still in progress (ECS keeps trying). */
    public void startedMinutesAgo(String cluster, String service, String deploymentId, int minutes) {
        move(cluster, service, deploymentId, MAPPER.createObjectNode().put("startedMinutesAgo", minutes));
    }

    /**
     * The deployment reached steady state: on moto it becomes the only deployment (COMPLETED, all
     * tasks running, the others drained), and the SERVICE_DEPLOYMENT_COMPLETED event is returned.
     */
    public ObjectNode completed(String cluster, String service, String deploymentId) {
        move(cluster, service, deploymentId, MAPPER.createObjectNode().put("complete", true));
        return event(cluster, service, COMPLETED, deploymentId, "ECS deployment " + deploymentId + " completed.");
    }

    /**
     * The circuit breaker stopped the deployment, without rollback: on moto its rollout state
     * becomes FAILED, and the SERVICE_DEPLOYMENT_FAILED event is returned.
     */
    public ObjectNode failed(String cluster, String service, String deploymentId) {
        move(cluster, service, deploymentId, MAPPER.createObjectNode().put("rolloutState", "FAILED")
                .put("rolloutStateReason", TASKS_FAILED_REASON));
        return event(cluster, service, FAILED, deploymentId, TASKS_FAILED_REASON);
    }

    /**
     * A circuit-breaker rollback of {@code failedDeploymentId}, which must be the service's PRIMARY
     * deployment. It returns to the deployment before (moto keeps it as the one ACTIVE deployment):
     * its id is named in the rollback's reason, and its task definition is what the rollback
     * deployment runs. Nothing changes on moto until the steps are called, in order.
     */
    public CircuitBreakerRollback circuitBreakerRollback(String cluster, String service, String failedDeploymentId) {
        Service s = service(cluster, service);
        Deployment failed = s.deployments().stream().filter(d -> d.id().equals(failedDeploymentId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no deployment " + failedDeploymentId + " of "
                        + cluster + "/" + service + ": " + s.deployments()));
        if (!"PRIMARY".equals(failed.status())) {
            throw new IllegalStateException("only the PRIMARY deployment can fail and roll back: " + failed);
        }
        Deployment previous = s.deployments().stream().filter(d -> "ACTIVE".equals(d.status())).findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing to roll back to: " + cluster + "/" + service
                        + " has no deployment before " + failedDeploymentId + " (AWS rolls back only to an earlier"
                        + " deployment)"));
        return new CircuitBreakerRollback(cluster, service, failedDeploymentId, previous.id(), previous.taskDefinition());
    }

    /** The three steps of a circuit-breaker rollback; each changes moto as ECS would, then returns its event. */
    public final class CircuitBreakerRollback {

        private final String cluster;
        private final String service;
        private final String failedDeploymentId;
        private final String rolledBackToDeploymentId;
        private final String previousTaskDefinition;
        private String rollbackDeploymentId;
        private int step;

        private CircuitBreakerRollback(String cluster, String service, String failedDeploymentId,
                String rolledBackToDeploymentId, String previousTaskDefinition) {
            this.cluster = cluster;
            this.service = service;
            this.failedDeploymentId = failedDeploymentId;
            this.rolledBackToDeploymentId = rolledBackToDeploymentId;
            this.previousTaskDefinition = previousTaskDefinition;
        }

        /** Step 1: the failed deployment's rollout state becomes FAILED; SERVICE_DEPLOYMENT_FAILED. */
        public ObjectNode failed() {
            advance(0);
            return EcsDeployments.this.failed(cluster, service, failedDeploymentId);
        }

        /**
         * Step 2: ECS starts a new deployment (new id, PRIMARY) of the previous task definition; the
         * failed one becomes ACTIVE. SERVICE_DEPLOYMENT_IN_PROGRESS for the new deployment, its
         * reason naming the deployment rolled back to.
         */
        public ObjectNode rollbackInProgress() {
            advance(1);
            Service updated = ecs.updateService(b -> b.cluster(cluster).service(service)
                    .taskDefinition(previousTaskDefinition)).service();
            rollbackDeploymentId = updated.deployments().stream().filter(d -> "PRIMARY".equals(d.status()))
                    .findFirst().orElseThrow().id();
            if (rollbackDeploymentId.equals(failedDeploymentId)) {
                throw new IllegalStateException("moto did not start a new deployment; is the harness patch loaded?");
            }
            String reason = "ECS deployment circuit breaker: rolling back to deploymentId " + rolledBackToDeploymentId
                    + ".";
            move(cluster, service, rollbackDeploymentId, MAPPER.createObjectNode().put("rolloutStateReason", reason));
            return event(cluster, service, IN_PROGRESS, rollbackDeploymentId, reason);
        }

        /** Step 3: the rollback deployment reaches steady state; SERVICE_DEPLOYMENT_COMPLETED for it. */
        public ObjectNode rollbackCompleted() {
            advance(2);
            return completed(cluster, service, rollbackDeploymentId);
        }

        public String failedDeploymentId() {
            return failedDeploymentId;
        }

        /** The earlier deployment whose revision the rollback returns to. */
        public String rolledBackToDeploymentId() {
            return rolledBackToDeploymentId;
        }

        /** The full ARN of the task definition the rollback deployment runs. */
        public String previousTaskDefinition() {
            return previousTaskDefinition;
        }

        /** The rollback deployment's id, known after {@link #rollbackInProgress()}. */
        public String rollbackDeploymentId() {
            return Objects.requireNonNull(rollbackDeploymentId, "the rollback has not started yet");
        }

        private void advance(int expected) {
            if (step != expected) {
                throw new IllegalStateException("the steps of a rollback run once each, in order: failed(),"
                        + " rollbackInProgress(), rollbackCompleted()");
            }
            step++;
        }
    }

    private void requireDeployment(String cluster, String service, String deploymentId) {
        if (service(cluster, service).deployments().stream().noneMatch(d -> d.id().equals(deploymentId))) {
            throw new IllegalArgumentException("no deployment " + deploymentId + " of " + cluster + "/" + service);
        }
    }

    /** POSTs a change of one deployment to the patch's API on moto. */
    private JsonNode move(String cluster, String service, String deploymentId, ObjectNode change) {
        ObjectNode body = change.put("cluster", cluster).put("service", service).put("deploymentId", deploymentId)
                .put("accountId", ACCOUNT).put("region", MotoServer.REGION);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(moto.resolve(MotoServer.DEPLOYMENT_API))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto refused " + body + ": " + response.statusCode() + " "
                        + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach moto at " + moto, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to moto", e);
        }
    }
}
