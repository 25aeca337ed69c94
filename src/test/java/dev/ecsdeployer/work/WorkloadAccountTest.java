package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.TestClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One deployer, an environment in another account: its {@code _defaults} names the account and the role
 * the deployer assumes there. moto gives an assumed role in another account that account's own state,
 * so the service must appear there (and not in the deployer's account), with the image from the deployer's
 * own registry (a central registry), and the drift check and the deployment events must be read there too.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
@TestProfile(WorkloadAccountTest.OneEnvironment.class)
class WorkloadAccountTest {

    /** As template.yaml deploys it: the function manages one environment. */
    public static class OneEnvironment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ecs-deployer.environment", "prod");
        }
    }

    static final String WORKLOAD = "222222222222";
    static final String ROLE = "arn:aws:iam::" + WORKLOAD + ":role/ecs-deployer-workload";
    static final String DEFAULTS = "{\"account\":{\"id\":\"" + WORKLOAD + "\",\"roleArn\":\"" + ROLE
            + "\",\"externalId\":\"tooling-7f3a\"}}";

    AwsClientFactory home;
    AwsClientFactory workload;
    Baseline there;
    String registryRepository;
    String digest;

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        home = AwsClientFactory.fromEnvironment();
        workload = home.assuming(ROLE, "tooling-7f3a", "test");
        // Network, roles and cluster in the workload account; the image in the deployer's (central) registry.
        there = MotoBaseline.create(workload, "api");
        Baseline central = MotoBaseline.alongside(home, there, "central-api");
        registryRepository = central.repositoryName();
        digest = central.imageDigest();
        ObjectNode config = ExampleConfigs.withRealSecrets(ExampleConfigs.forBaseline("api-prod.json", there),
                TestClients.secretsManager(workload));
        ((ObjectNode) config.get("image")).put("repository", registryRepository);
        ExampleConfigs.put(home.ssm(), "prod", "api", config);
        home.ssm().putParameter(b -> b.name("/ecs-deployer/prod/_defaults").type("String").value(DEFAULTS)
                .overwrite(true));
    }

    @Test
    void aPushDeploysInTheEnvironmentsAccountWithItsRoleAndTheDriftCheckAndOutcomesReadThere() {
        JsonNode pushed = report(LambdaInvoker.invoke(LambdaInvoker.push(registryRepository, digest, "latest",
                "2026-01-02T00:00:00Z")));
        assertEquals("APPLIED", pushed.path("status").asText(), pushed.toString());

        Service service = service(workload.ecs());
        assertTrue(service.serviceArn().contains(":" + WORKLOAD + ":"), service.serviceArn());
        String image = workload.ecs().describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                .taskDefinition().containerDefinitions().get(0).image();
        assertTrue(image.startsWith("123456789012.dkr.ecr.") && image.endsWith(digest),
                "the image comes from the central registry: " + image);
        assertTrue(home.ecs().listClusters().clusterArns().stream().noneMatch(a -> a.endsWith("/" + there.clusterName())),
                "the cluster and service are the workload account's; the deployer's own has neither");

        // A config change reconciles there too (on moto it also stores what CreateService drops: MOTO-GAPS.md).
        ObjectNode change = (ObjectNode) LambdaInvoker.sample("ssm-config-change.json");
        ((ObjectNode) change.get("detail")).put("name", "/ecs-deployer/prod/api");
        JsonNode changed = report(LambdaInvoker.invoke(change));
        assertEquals("APPLIED", changed.path("status").asText(), changed.toString());

        JsonNode check = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        assertEquals(0, check.path("summary").path("drifted").asInt(-1), check.toString());
        assertEquals(1, check.path("summary").path("checked").asInt(-1), check.toString());

        // A hand edit there is found there.
        workload.ecs().updateService(b -> b.cluster(there.clusterName()).service(service.serviceName())
                .enableExecuteCommand(false));
        JsonNode drifted = LambdaInvoker.invoke("{\"command\":\"drift-check\",\"environment\":\"prod\"}");
        assertEquals(1, drifted.path("summary").path("drifted").asInt(-1), drifted.toString());

        // The workload account's deployment event (forwarded to the deployer's bus) is matched to the config.
        String deploymentId = service(workload.ecs()).tags().stream().filter(t -> t.value().startsWith("ecs-svc/"))
                .findFirst().orElseThrow().value();
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ecs-deployment-completed.json");
        event.put("account", WORKLOAD);
        event.putArray("resources").add(service.serviceArn());
        ((ObjectNode) event.get("detail")).put("deploymentId", deploymentId);
        JsonNode outcome = LambdaInvoker.invoke(event);
        assertEquals("COMPLETED", outcome.path("outcome").asText(), outcome.toString());
        assertEquals(DEFAULTS, new SsmConfigStore(home.ssm()).readDefaults("ecs-deployer", "prod"));
        assertNull(new SsmConfigStore(home.ssm()).readDefaults("ecs-deployer", "staging"));

        aHandEditOfScalingInTheWorkloadAccountIsCheckedThereAtOnce();
    }

    /**
     * A hand edit of the deployed service's scaling there, reported by CloudTrail in the workload account and
     * forwarded, is checked there at once. Part of the test above: the function keeps the role's credentials
     * for its life, and moto forgets them when a test resets it.
     */
    private void aHandEditOfScalingInTheWorkloadAccountIsCheckedThereAtOnce() {
        String resourceId = "service/" + there.clusterName() + "/myapp-prod-api";
        ScalingPolicy cpu = workload.autoScaling().describeScalingPolicies(b -> b.serviceNamespace("ecs")
                .resourceId(resourceId).policyNames("ecs-deployer-cpu")).scalingPolicies().get(0);
        workload.autoScaling().putScalingPolicy(b -> b.serviceNamespace("ecs").resourceId(resourceId)
                .scalableDimension("ecs:service:DesiredCount").policyName("ecs-deployer-cpu")
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(cpu.targetTrackingScalingPolicyConfiguration().toBuilder()
                        .targetValue(95.0).build()));

        // CloudTrail's record of that call, forwarded from the workload account (workload-account.yaml).
        JsonNode drifted = report(LambdaInvoker.invoke(scalingCall(resourceId,
                "arn:aws:iam::" + WORKLOAD + ":role/Admin")));
        assertEquals("DRIFTED", drifted.path("status").asText(), drifted.toString());
        List<String> paths = new java.util.ArrayList<>();
        drifted.path("differences").forEach(d -> paths.add(d.path("path").asText()));
        // The earlier hand edit of the service is still there; this one is found beside it, read in that account.
        assertEquals(List.of("scaling.policies.ecs-deployer-cpu.targetTracking.targetValue",
                "service.enableExecuteCommand"), paths.stream().sorted().toList(), drifted.toString());

        // The deployer's own calls there, with the role it assumes.
        JsonNode own = LambdaInvoker.invoke(scalingCall(resourceId, ROLE));
        assertTrue(own.path("ignored").asText().contains("made by the deployer itself"), own.toString());
        // Also when the environment names a role of another name: known once the service's config is read.
        String platformRole = "arn:aws:iam::" + WORKLOAD + ":role/platform-deployer";
        home.ssm().putParameter(b -> b.name("/ecs-deployer/prod/_defaults").type("String").overwrite(true)
                .value(DEFAULTS.replace(ROLE, platformRole)));
        JsonNode named = LambdaInvoker.invoke(scalingCall(resourceId, platformRole));
        assertTrue(named.path("ignored").asText().contains("the role its environment's _defaults names"),
                named.toString());
    }

    /** events/autoscaling-put-scaling-policy.json, made in the workload account on {@code resourceId}. */
    private static ObjectNode scalingCall(String resourceId, String roleArn) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("autoscaling-put-scaling-policy.json");
        event.put("account", WORKLOAD);
        ObjectNode detail = (ObjectNode) event.get("detail");
        ((ObjectNode) detail.get("requestParameters")).put("resourceId", resourceId);
        ((ObjectNode) detail.get("userIdentity").get("sessionContext").get("sessionIssuer")).put("arn", roleArn);
        return event;
    }

    @Test
    void aConfigNamingAnotherAccountsResourcesOrItsOwnAccountIsRejectedWithNothingWritten() {
        ObjectNode config = ExampleConfigs.forBaseline("api-prod.json", there);
        ((ObjectNode) config.get("image")).put("repository", registryRepository);
        ((ObjectNode) config.get("taskDefinition")).remove("secrets");
        ((ObjectNode) config.get("taskDefinition")).put("executionRoleArn",
                "arn:aws:iam::123456789012:role/myapp-prod-ecs-task-execution");
        config.putObject("account").put("id", "333333333333").put("roleArn", "arn:aws:iam::333333333333:role/x");
        ExampleConfigs.put(home.ssm(), "prod", "api", config);

        JsonNode pushed = report(LambdaInvoker.invoke(LambdaInvoker.push(registryRepository, digest, "latest",
                "2026-01-02T00:00:00Z")));
        String errors = pushed.path("errors").toString();
        assertEquals("REJECTED", pushed.path("status").asText(), pushed.toString());
        assertTrue(errors.contains("taskDefinition.executionRoleArn") && errors.contains("live in account " + WORKLOAD),
                errors);
        assertTrue(errors.contains("account") && errors.contains("may be set only in the environment's defaults"),
                errors);
        assertEquals(List.of(), workload.ecs().listServices(b -> b.cluster(there.clusterName())).serviceArns(),
                "nothing written");
    }

    private Service service(EcsClient ecs) {
        return ecs.describeServices(b -> b.cluster(there.clusterName()).services("myapp-prod-api")
                .include(ServiceField.TAGS)).services().get(0);
    }

    private static JsonNode report(JsonNode response) {
        assertEquals("ok", response.path("status").asText(), response.toString());
        return response.path("services").get(0);
    }
}
