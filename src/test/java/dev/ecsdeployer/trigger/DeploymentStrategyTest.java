package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import dev.ecsdeployer.verify.TestManifests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ECS's native strategies through the handler, on moto: a CANARY config creates and updates the service with the
 * strategy, bake times, alternate target group, listener rule and lifecycle hook; a second apply writes nothing; a
 * hand edit of the canary percent is drift; invalid combinations are rejected before any write.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class DeploymentStrategyTest {

    static final String DIGEST_B = "sha256:" + "c".repeat(64);
    static final String HOOK_ROLE = "arn:aws:iam::123456789012:role/ecs-hook-invoke";
    static final String SHIFT_ROLE = "arn:aws:iam::123456789012:role/ecs-blue-green";
    static final String DEPLOYER = "arn:aws:lambda:us-east-1:123456789012:function:ecs-deployer";

    static Baseline baseline;
    static String alternateTargetGroup;
    static String productionRule;
    static int tests;

    AwsClientFactory aws;
    EcsClient ecs;
    PublishedEvents published;
    String env;

    @BeforeEach
    void setUp() {
        if (baseline == null) {
            MotoServer.start().reset();
            AwsClientFactory shared = AwsClientFactory.fromEnvironment();
            baseline = MotoBaseline.createWithLoadBalancer(shared, "canary", 3001);
            try (ElasticLoadBalancingV2Client elb = shared.build(ElasticLoadBalancingV2Client.builder())) {
                alternateTargetGroup = elb.createTargetGroup(r -> r.name("canary-green").targetType(TargetTypeEnum.IP)
                        .protocol(ProtocolEnum.HTTP).port(3001).vpcId(baseline.vpcId()).healthCheckPath("/health"))
                        .targetGroups().get(0).targetGroupArn();
                productionRule = elb.createRule(r -> r.listenerArn(baseline.loadBalancer().orElseThrow().listenerArn())
                        .priority(1).conditions(c -> c.field("path-pattern").values("/*"))
                        .actions(a -> a.type(ActionTypeEnum.FORWARD)
                                .targetGroupArn(baseline.loadBalancer().orElseThrow().targetGroupArn())))
                        .rules().get(0).ruleArn();
            }
            shared.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                    .imageManifest(TestManifests.index("linux/arm64")));
        }
        env = "s" + ++tests;
        aws = AwsClientFactory.fromEnvironment();
        ecs = aws.ecs();
        ExampleConfigs.deleteAll(aws.ssm());
        published = PublishedEvents.captureFromNow(aws);
        FaultInjector.reset();
    }

    String serviceName() {
        return "myapp-" + env + "-api";
    }

    /** The api example on the baseline, as a canary: 10 % for 5 minutes, 15 minutes' bake, the deployer as hook. */
    ObjectNode canaryConfig() {
        ObjectNode doc = ExampleConfigs.forBaseline("api-prod.json", baseline).put("environment", env);
        ObjectNode deployment = (ObjectNode) doc.path("service").path("deployment");
        deployment.put("strategy", "CANARY").put("bakeTimeInMinutes", 15);
        deployment.putObject("canaryConfiguration").put("canaryPercent", 10.0).put("canaryBakeTimeInMinutes", 5);
        ObjectNode hook = deployment.putArray("lifecycleHooks").addObject().put("hookTargetArn", DEPLOYER)
                .put("roleArn", HOOK_ROLE);
        hook.putArray("lifecycleStages").add("PRODUCTION_TRAFFIC_SHIFT");
        ((ObjectNode) doc.path("service").path("loadBalancer")).putObject("advancedConfiguration")
                .put("alternateTargetGroupArn", alternateTargetGroup).put("productionListenerRule", productionRule)
                .put("roleArn", SHIFT_ROLE);
        return doc;
    }

    void put(ObjectNode doc) {
        ExampleConfigs.put(aws.ssm(), env, "api", doc);
    }

    JsonNode push(String digest) {
        return LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), digest, "latest",
                "2026-05-20T12:00:00Z"));
    }

    Service service() {
        return ecs.describeServices(b -> b.cluster(baseline.clusterName()).services(serviceName())).services().get(0);
    }

    static void assertCanary(Service s, double canaryPercent) {
        DeploymentConfiguration dc = s.deploymentConfiguration();
        assertEquals("CANARY", dc.strategyAsString(), dc.toString());
        assertEquals(15, dc.bakeTimeInMinutes());
        assertEquals(canaryPercent, dc.canaryConfiguration().canaryPercent());
        assertEquals(5, dc.canaryConfiguration().canaryBakeTimeInMinutes());
        DeploymentLifecycleHook hook = dc.lifecycleHooks().get(0);
        assertEquals(DEPLOYER, hook.hookTargetArn());
        assertEquals(HOOK_ROLE, hook.roleArn());
        assertEquals(List.of("PRODUCTION_TRAFFIC_SHIFT"), hook.lifecycleStagesAsStrings());
    }

    @Test
    void aCanaryConfigCreatesAndUpdatesTheServiceWithItsStrategyAndASecondApplyWritesNothing() {
        put(canaryConfig());

        JsonNode created = push(baseline.imageDigest()).path("services").get(0);
        assertEquals("APPLIED", created.path("status").asText(), created.toString());
        Service s = service();
        assertCanary(s, 10.0);
        LoadBalancer lb = s.loadBalancers().get(0);
        assertEquals(baseline.loadBalancer().orElseThrow().targetGroupArn(), lb.targetGroupArn());
        assertEquals(alternateTargetGroup, lb.advancedConfiguration().alternateTargetGroupArn());
        assertEquals(productionRule, lb.advancedConfiguration().productionListenerRule());
        assertNull(lb.advancedConfiguration().testListenerRule());
        assertEquals(SHIFT_ROLE, lb.advancedConfiguration().roleArn());

        // A new image: UpdateService carries the same strategy (moto stores the limits only from here on).
        JsonNode updated = push(DIGEST_B).path("services").get(0);
        assertEquals("APPLIED", updated.path("status").asText(), updated.toString());
        assertCanary(service(), 10.0);
        assertEquals(alternateTargetGroup, service().loadBalancers().get(0).advancedConfiguration()
                .alternateTargetGroupArn());
        FaultInjector.reset();

        JsonNode again = push(DIGEST_B).path("services").get(0);
        assertEquals("UNCHANGED", again.path("status").asText(), again.toString());
        assertEquals(0, FaultInjector.calls("ECS.UpdateService") + FaultInjector.calls("ECS.CreateService")
                + FaultInjector.calls("ECS.RegisterTaskDefinition"), FaultInjector.calls().toString());
        JsonNode check = LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json"))
                .path("services").get(0);
        assertEquals("IN_SYNC", check.path("status").asText(), check.toString());
    }

    @Test
    void aHandEditOfTheCanaryPercentIsDrift() {
        put(canaryConfig());
        push(baseline.imageDigest());
        push(DIGEST_B);
        Service s = service();
        ecs.updateService(b -> b.cluster(baseline.clusterName()).service(serviceName())
                .deploymentConfiguration(s.deploymentConfiguration().toBuilder()
                        .canaryConfiguration(c -> c.canaryPercent(50.0).canaryBakeTimeInMinutes(5)).build()));
        FaultInjector.reset();

        JsonNode report = LambdaInvoker.invoke(LambdaInvoker.sample("scheduled-drift-check.json"))
                .path("services").get(0);

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        List<String> found = new ArrayList<>();
        report.path("differences").forEach(d -> found.add(d.path("path").asText() + " desired "
                + d.path("desired").asText() + " actual " + d.path("actual").asText()));
        assertEquals(List.of("service.strategy.canaryPercent desired 10.0 actual 50.0"), found);
        assertEquals(0, FaultInjector.calls("ECS.UpdateService"), "a report-only check writes nothing");
    }

    @Test
    void invalidCombinationsAreRejectedWithNothingWritten() {
        ObjectNode noAdvanced = canaryConfig();
        ((ObjectNode) noAdvanced.path("service").path("loadBalancer")).remove("advancedConfiguration");
        assertRejected(noAdvanced, "service.loadBalancer.advancedConfiguration: is required with strategy CANARY");

        ObjectNode sameGroup = canaryConfig();
        ((ObjectNode) sameGroup.path("service").path("loadBalancer").path("advancedConfiguration"))
                .put("alternateTargetGroupArn", baseline.loadBalancer().orElseThrow().targetGroupArn());
        assertRejected(sameGroup, "is the service's own targetGroupArn");

        ObjectNode rollingWithHooks = canaryConfig();
        ObjectNode deployment = (ObjectNode) rollingWithHooks.path("service").path("deployment");
        deployment.put("strategy", "ROLLING").remove("canaryConfiguration");
        deployment.remove("bakeTimeInMinutes");
        ((ObjectNode) rollingWithHooks.path("service").path("loadBalancer")).remove("advancedConfiguration");
        assertRejected(rollingWithHooks, "service.deployment.lifecycleHooks: is set, but strategy is ROLLING");
    }

    void assertRejected(ObjectNode doc, String expected) {
        put(doc);
        FaultInjector.reset();
        JsonNode report = push(baseline.imageDigest()).path("services").get(0);
        assertEquals("REJECTED", report.path("status").asText(), report.toString());
        assertTrue(report.toString().contains(expected), report.toString());
        List<String> writes = FaultInjector.calls().keySet().stream()
                .filter(op -> op.startsWith("ECS.") && !op.startsWith("ECS.Describe") && !op.startsWith("ECS.List")
                        || op.startsWith("Logs.Create") || op.startsWith("Logs.Put"))
                .toList();
        assertEquals(List.of(), writes, FaultInjector.calls().toString());
    }
}
