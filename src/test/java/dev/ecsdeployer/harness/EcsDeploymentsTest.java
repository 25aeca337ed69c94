package dev.ecsdeployer.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/** {@link EcsDeployments} moves moto's deployments and sends the events in AWS's order and shape. */
@ExtendWith(MotoExtension.class)
class EcsDeploymentsTest {

    private static AwsClients aws;
    private static Baseline baseline;
    private static EcsDeployments deployments;

    @BeforeAll
    static void setUp() {
        aws = new AwsClients(AwsClientFactory.fromEnvironment());
        baseline = MotoBaseline.create(aws.factory(), "moves");
        deployments = EcsDeployments.onMoto();
    }

    @AfterAll
    static void tearDown() {
        deployments.close();
        aws.close();
    }

    @Test
    void aCircuitBreakerRollbackIsFailedThenANewDeploymentOfThePreviousRevisionThenItsCompletion() {
        String first = register();
        String cluster = baseline.clusterName();
        create("rollback", first);
        String completed = deployments.primary(cluster, "rollback").id();
        deployments.completed(cluster, "rollback", completed);
        String second = register();
        String failed = aws.ecs().updateService(b -> b.cluster(cluster).service("rollback").taskDefinition(second))
                .service().deployments().get(0).id();

        EcsDeployments.CircuitBreakerRollback rollback = deployments.circuitBreakerRollback(cluster, "rollback", failed);
        assertEquals(completed, rollback.rolledBackToDeploymentId());
        assertEquals(first, rollback.previousTaskDefinition());

        JsonNode failedEvent = rollback.failed();
        assertEvent(failedEvent, "SERVICE_DEPLOYMENT_FAILED", "ERROR", failed,
                "ECS deployment circuit breaker: tasks failed to start.");
        Deployment stopped = deployments.primary(cluster, "rollback");
        assertEquals(failed, stopped.id());
        assertEquals("FAILED", stopped.rolloutStateAsString());

        JsonNode started = rollback.rollbackInProgress();
        String rollbackId = rollback.rollbackDeploymentId();
        assertNotEquals(failed, rollbackId);
        assertNotEquals(completed, rollbackId);
        assertTrue(MotoGapsTest.AWS_DEPLOYMENT_ID.matcher(rollbackId).matches(), rollbackId);
        assertEvent(started, "SERVICE_DEPLOYMENT_IN_PROGRESS", "INFO", rollbackId,
                "ECS deployment circuit breaker: rolling back to deploymentId " + completed + ".");
        Service rollingBack = deployments.service(cluster, "rollback");
        assertEquals(List.of(rollbackId, failed), rollingBack.deployments().stream().map(Deployment::id).toList());
        assertEquals(List.of("PRIMARY", "ACTIVE"), rollingBack.deployments().stream().map(Deployment::status).toList());
        assertEquals(first, rollingBack.deployments().get(0).taskDefinition());
        assertEquals("FAILED", rollingBack.deployments().get(1).rolloutStateAsString());
        assertEquals(first, rollingBack.taskDefinition());

        JsonNode done = rollback.rollbackCompleted();
        assertEvent(done, "SERVICE_DEPLOYMENT_COMPLETED", "INFO", rollbackId,
                "ECS deployment " + rollbackId + " completed.");
        Service after = deployments.service(cluster, "rollback");
        assertEquals(List.of(rollbackId), after.deployments().stream().map(Deployment::id).toList());
        assertEquals("COMPLETED", after.deployments().get(0).rolloutStateAsString());
        assertEquals(first, after.taskDefinition());

        assertThrows(IllegalStateException.class, rollback::rollbackCompleted, "each step once, in order");
    }

    @Test
    void theStepsRunInOrderAndARollbackNeedsAnEarlierDeployment() {
        String cluster = baseline.clusterName();
        create("first-only", register());
        String only = deployments.primary(cluster, "first-only").id();
        assertThrows(IllegalStateException.class, () -> deployments.circuitBreakerRollback(cluster, "first-only", only));

        aws.ecs().updateService(b -> b.cluster(cluster).service("first-only").forceNewDeployment(true));
        String next = deployments.primary(cluster, "first-only").id();
        EcsDeployments.CircuitBreakerRollback rollback = deployments.circuitBreakerRollback(cluster, "first-only", next);
        assertThrows(IllegalStateException.class, rollback::rollbackInProgress);
        assertThrows(IllegalArgumentException.class, () -> deployments.circuitBreakerRollback(cluster, "first-only",
                "ecs-svc/1111111111111111111"));
    }

    @Test
    void whatTheHelperDoesIsECSsDoingNeitherFaultedNorCounted() {
        String cluster = baseline.clusterName();
        create("uncounted", register());
        String id = deployments.primary(cluster, "uncounted").id();
        FaultInjector.reset();
        FaultInjector.failFraction(1.0, Fault.SERVER_ERROR, 1);

        JsonNode event = deployments.completed(cluster, "uncounted", id);
        deployments.inProgress(cluster, "uncounted", id);

        assertEquals(0, FaultInjector.totalCalls(), FaultInjector.calls().toString());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:service/" + cluster + "/uncounted",
                event.path("resources").get(0).asText());
        assertEquals("aws.ecs", event.path("source").asText());
        assertEquals("ECS Deployment State Change", event.path("detail-type").asText());
        FaultInjector.reset();
    }

    private static void assertEvent(JsonNode event, String name, String type, String deploymentId, String reason) {
        assertEquals(name, event.path("detail").path("eventName").asText(), event.toString());
        assertEquals(type, event.path("detail").path("eventType").asText(), event.toString());
        assertEquals(deploymentId, event.path("detail").path("deploymentId").asText(), event.toString());
        assertEquals(reason, event.path("detail").path("reason").asText(), event.toString());
    }

    private static void create(String name, String taskDefinition) {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName(name).taskDefinition(taskDefinition)
                .desiredCount(1).launchType(LaunchType.FARGATE));
    }

    private static String register() {
        return aws.ecs().registerTaskDefinition(r -> r.family("moves").requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("api").image(baseline.imageUri()))).taskDefinition().taskDefinitionArn();
    }
}
