package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import dev.ecsdeployer.verify.TestManifests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deploy on image push, through the Lambda handler, against moto. */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class PushDeployTest {

    static final String DIGEST_B = "sha256:" + "b".repeat(64);

    /** The network and roles, built once for the class; each test has its own environment beside them. */
    static Baseline shared;
    static int tests;

    AwsClientFactory aws;
    EcsClient ecs;
    SsmClient ssm;
    Baseline baseline;
    PublishedEvents published;
    /** This test's environment: its own configs, service names, log group, cluster and ECR repository. */
    String env;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            shared = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "push");
        }
        env = "p" + ++tests;
        ApiService api = ApiService.alongside(shared, env);
        aws = api.aws;
        ecs = api.ecs;
        ssm = aws.ssm();
        baseline = api.baseline;
        published = api.published;
        // The second image these tests push must exist (the platform check reads it): an arm64 index.
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                .imageManifest(TestManifests.index("linux/arm64")));
        FaultInjector.reset();
    }

    ObjectNode push(String digest, String tag) {
        return LambdaInvoker.push(baseline.repositoryName(), digest, tag, "2026-05-20T12:00:00Z");
    }

    Service service() {
        return ecs.describeServices(b -> b.cluster(baseline.clusterName()).services("myapp-" + env + "-api").include(ServiceField.TAGS))
                .services().get(0);
    }

    @Test
    void pushCreatesLogGroupTaskDefinitionAndServiceAndReportsTheStart() {
        JsonNode response = LambdaInvoker.invoke(push(baseline.imageDigest(), "latest"));

        assertEquals("ok", response.path("status").asText(), response.toString());
        JsonNode report = response.path("services").get(0);
        assertEquals("APPLIED", report.path("status").asText(), report.toString());

        CloudWatchLogsClient logs = aws.logs();
        var group = logs.describeLogGroups(b -> b.logGroupNamePrefix("/ecs/myapp-" + env + "/api")).logGroups().get(0);
        assertEquals(30, group.retentionInDays());

        TaskDefinition td = ecs.describeTaskDefinition(b -> b.taskDefinition("myapp-" + env + "-api")).taskDefinition();
        ContainerDefinition c = td.containerDefinitions().get(0);
        assertEquals(baseline.repositoryUri() + "@" + baseline.imageDigest(), c.image());
        assertEquals("512", td.cpu());
        assertEquals("1024", td.memory());
        assertEquals("ARM64", td.runtimePlatform().cpuArchitectureAsString());
        assertEquals(3001, c.portMappings().get(0).containerPort());
        assertEquals(3001, c.portMappings().get(0).hostPort());
        assertEquals(baseline.executionRoleArn(), td.executionRoleArn());

        Service s = service();
        assertEquals(td.taskDefinitionArn(), s.taskDefinition());
        assertEquals(report.path("deploymentId").asText(), tags(s).get("ecs-deployer:deployment-id"));

        JsonNode started = published.ofType("Deployment Started").get(0).path("detail");
        assertEquals("api", started.path("service").asText());
        assertEquals(env, started.path("environment").asText());
        assertEquals(baseline.clusterName(), started.path("cluster").asText());
        assertEquals(baseline.imageDigest(), started.path("imageDigest").asText());
        assertEquals(td.taskDefinitionArn(), started.path("taskDefinitionArn").asText());
        assertEquals(report.path("deploymentId").asText(), started.path("deploymentId").asText());
    }

    @Test
    void pushToAnExistingServiceRollsOutWithTheCircuitBreakerAndNothingElse() {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "latest"));
        FaultInjector.reset();

        JsonNode report = LambdaInvoker.invoke(push(DIGEST_B, "latest")).path("services").get(0);
        Map<String, Integer> calls = FaultInjector.calls();

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        // Inline (no queue): the front's config listing and image platform; the worker's config re-read,
        // the grants of the task role and of the one secret (reach check), describe service, describe task
        // definition, register, update, tag, event. Through the queue the front adds one SQS
        // SendMessageBatch (WorkQueueTest).
        System.out.println("AWS calls for one push to one existing service: "
                + calls.values().stream().mapToInt(Integer::intValue).sum() + " " + calls);
        assertEquals(Map.ofEntries(Map.entry("SSM.GetParametersByPath", 1), Map.entry("ECR.BatchGetImage", 1),
                Map.entry("SSM.GetParameters", 1), Map.entry("IAM.ListRoleTags", 1),
                Map.entry("SecretsManager.DescribeSecret", 1), Map.entry("ECS.DescribeServices", 1),
                Map.entry("ECS.DescribeTaskDefinition", 1), Map.entry("ECS.RegisterTaskDefinition", 1),
                Map.entry("ECS.UpdateService", 1), Map.entry("ECS.TagResource", 1), Map.entry("EventBridge.PutEvents", 1)),
                calls);
        Service s = service();
        TaskDefinition td = ecs.describeTaskDefinition(b -> b.taskDefinition(s.taskDefinition())).taskDefinition();
        assertEquals(2, td.revision());
        assertEquals(baseline.repositoryUri() + "@" + DIGEST_B, td.containerDefinitions().get(0).image());
        assertTrue(s.deploymentConfiguration().deploymentCircuitBreaker().enable());
        assertTrue(s.deploymentConfiguration().deploymentCircuitBreaker().rollback());
        assertEquals(200, s.deploymentConfiguration().maximumPercent());
        assertEquals(100, s.deploymentConfiguration().minimumHealthyPercent());
    }

    @Test
    void theSamePushDeliveredTwiceRegistersOneRevisionAndUpdatesOnce() {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "latest"));
        FaultInjector.reset();

        LambdaInvoker.invoke(push(DIGEST_B, "latest"));
        JsonNode again = LambdaInvoker.invoke(push(DIGEST_B, "latest")).path("services").get(0);

        assertEquals("UNCHANGED", again.path("status").asText(), again.toString());
        assertEquals(1, FaultInjector.calls("ECS.RegisterTaskDefinition"));
        assertEquals(1, FaultInjector.calls("ECS.UpdateService"));
        assertEquals(2, ecs.listTaskDefinitions(b -> b.familyPrefix("myapp-" + env + "-api")).taskDefinitionArns().size());
    }

    @Test
    void aServiceScaledOutByAutoScalingKeepsItsCountAfterAPush() {
        LambdaInvoker.invoke(push(baseline.imageDigest(), "latest"));
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service("myapp-" + env + "-api").desiredCount(5));

        LambdaInvoker.invoke(push(DIGEST_B, "latest"));

        assertEquals(5, service().desiredCount());
    }

    @Test
    void aPushNobodyFollowsMakesNoEcsCall() {
        ObjectNode event = push(DIGEST_B, "latest");
        ((ObjectNode) event.get("detail")).put("repository-name", "nobody/follows");

        JsonNode response = LambdaInvoker.invoke(event);

        assertEquals(0, response.path("services").size());
        assertFalse(FaultInjector.calls().keySet().stream().anyMatch(op -> op.startsWith("ECS.")),
                FaultInjector.calls().toString());
    }

    @Test
    void anUntaggedPushIsIgnored() {
        JsonNode response = LambdaInvoker.invoke(push(DIGEST_B, ""));

        assertTrue(response.path("ignored").asText().contains("untagged"), response.toString());
        assertTrue(FaultInjector.calls().isEmpty(), FaultInjector.calls().toString());
    }

    @Test
    void anInvalidConfigIsRejectedAndTheOtherServicesStillDeploy() {
        ObjectNode broken = ExampleConfigs.forBaseline("api-prod.json", baseline).put("environment", env);
        ((ObjectNode) broken.get("taskDefinition")).put("memory", 3000);
        ((ObjectNode) broken.get("service")).put("serviceName", "myapp-" + env + "-api2");
        ExampleConfigs.put(ssm, env, "api2", broken);

        JsonNode response = LambdaInvoker.invoke(push(baseline.imageDigest(), "latest"));

        JsonNode services = response.path("services");
        assertEquals(2, services.size(), response.toString());
        JsonNode rejected = services.get(0).path("service").asText().equals("api2") ? services.get(0) : services.get(1);
        JsonNode applied = rejected == services.get(0) ? services.get(1) : services.get(0);
        assertEquals("REJECTED", rejected.path("status").asText());
        assertTrue(rejected.path("errors").toString().contains("taskDefinition.memory"), rejected.toString());
        assertEquals("APPLIED", applied.path("status").asText());
        assertTrue(ecs.describeServices(b -> b.cluster(baseline.clusterName()).services("myapp-" + env + "-api2"))
                .services().isEmpty());
        assertEquals(1, published.ofType("Config Rejected").size());
    }

    @Test
    void aDryRunCommandShowsThePlanAndChangesNothing() {
        ObjectNode command = (ObjectNode) LambdaInvoker.sample("command-plan.json");
        command.put("environment", env).put("service", "api").remove("digest");
        command.put("tag", baseline.imageTag());

        JsonNode report = LambdaInvoker.invoke(command).path("services").get(0);

        assertEquals("PLANNED", report.path("status").asText(), report.toString());
        assertTrue(report.path("plan").size() >= 3, report.toString());
        assertFalse(FaultInjector.calls().keySet().stream().anyMatch(op -> op.equals("ECS.RegisterTaskDefinition")
                || op.equals("ECS.CreateService") || op.equals("Logs.CreateLogGroup")), FaultInjector.calls().toString());
    }

    @Test
    void aDeployCommandForAMissingImageFailsClearlyAndChangesNothing() {
        ObjectNode command = (ObjectNode) LambdaInvoker.sample("command-deploy-digest.json");
        command.put("environment", env).put("service", "api").put("digest", "sha256:" + "c".repeat(64));

        JsonNode report = LambdaInvoker.invoke(command).path("services").get(0);

        assertEquals("FAILED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().contains("does not exist"), report.toString());
        assertFalse(FaultInjector.calls().keySet().stream().anyMatch(op -> op.startsWith("ECS.")));
    }

    static Map<String, String> tags(Service s) {
        return s.tags().stream().collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
