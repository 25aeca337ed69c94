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
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand edit of an ECS service's scaling, reported by CloudTrail's record of the call (moto emits none:
 * the test sends it, MOTO-GAPS.md), is checked for drift at once, through the handler, against moto.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class ScalingEditTest {

    static final String DIGEST_B = "sha256:" + "c".repeat(64);
    static final String CPU_POLICY = "ecs-deployer-cpu";
    static Baseline shared;
    static int tests;

    AwsClientFactory aws;
    Baseline baseline;
    PublishedEvents published;
    String env;
    String service;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            shared = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "edits");
        }
        env = "e" + ++tests;
        service = "myapp-" + env + "-realtime";
        aws = AwsClientFactory.fromEnvironment();
        ExampleConfigs.deleteAll(aws.ssm());
        baseline = MotoBaseline.alongside(aws, shared, env + "-realtime");
        published = PublishedEvents.captureFromNow(aws);
        ExampleConfigs.put(aws.ssm(), env, "realtime", realtime());
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                .imageManifest(TestManifests.index("linux/arm64")));
        // Deployed by the deployer (the second push stores what moto drops on CreateService: MOTO-GAPS.md).
        LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), baseline.imageDigest(), "latest",
                "2026-05-20T12:00:00Z"));
        LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), DIGEST_B, "latest",
                "2026-05-20T12:00:00Z"));
    }

    ObjectNode realtime() {
        return ExampleConfigs.forBaseline("realtime-prod.json", baseline).put("environment", env);
    }

    String resourceId() {
        return "service/" + baseline.clusterName() + "/" + service;
    }

    /** events/autoscaling-put-scaling-policy.json for this test's service, made by {@code roleArn}. */
    ObjectNode putScalingPolicyEvent(String roleArn) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("autoscaling-put-scaling-policy.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        ((ObjectNode) detail.get("requestParameters")).put("resourceId", resourceId()).put("policyName", CPU_POLICY);
        ((ObjectNode) detail.get("userIdentity").get("sessionContext").get("sessionIssuer")).put("arn", roleArn);
        event.put("id", "edit-" + env + "-" + System.nanoTime());
        return event;
    }

    ScalingPolicy cpuPolicy() {
        return aws.autoScaling().describeScalingPolicies(b -> b.serviceNamespace("ecs").resourceId(resourceId())
                .policyNames(CPU_POLICY)).scalingPolicies().get(0);
    }

    /** By hand, as an operator's {@code aws application-autoscaling put-scaling-policy} would. */
    void setCpuTarget(double target) {
        ScalingPolicy cpu = cpuPolicy();
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace("ecs").resourceId(resourceId())
                .scalableDimension("ecs:service:DesiredCount").policyName(CPU_POLICY)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(cpu.targetTrackingScalingPolicyConfiguration().toBuilder()
                        .targetValue(target).build()));
    }

    @Test
    void aHandEditedTargetValueIsReportedAtOnceAndHealedWhereTheConfigSaysHeal() {
        setCpuTarget(90.0);
        FaultInjector.reset();

        JsonNode response = LambdaInvoker.invoke(putScalingPolicyEvent("arn:aws:iam::123456789012:role/Admin"));

        // One service's reads, not the fleet's: its tags, its config, its snapshot, the report.
        Map<String, Integer> calls = FaultInjector.calls();
        System.out.println("calls for one hand edit: " + calls);
        assertEquals(1, calls.get("SSM.GetParameters"), calls.toString());
        assertEquals(null, calls.get("SSM.GetParametersByPath"), "no environment read: " + calls);
        assertTrue(FaultInjector.totalCalls() <= 10, calls.toString());
        assertEquals("scaling-api-call", response.path("trigger").asText(), response.toString());
        assertEquals(1, response.path("services").size(), response.toString());
        JsonNode report = response.path("services").get(0);
        assertEquals("realtime", report.path("service").asText());
        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertEquals(1, report.path("differences").size(), report.toString());
        JsonNode difference = report.path("differences").get(0);
        assertTrue(difference.path("path").asText().contains(CPU_POLICY), difference.toString());
        assertTrue(difference.toString().contains("70") && difference.toString().contains("90"), difference.toString());
        assertTrue(report.path("notices").toString().contains("after PutScalingPolicy on " + resourceId()
                + " by arn:aws:iam::123456789012:role/Admin"), report.toString());
        assertEquals(Map.of("checked", 1, "drifted", 1, "differences", 1), Map.of(
                "checked", response.path("summary").path("checked").asInt(),
                "drifted", response.path("summary").path("drifted").asInt(),
                "differences", response.path("summary").path("differences").asInt()), response.toString());
        List<JsonNode> drifts = published.ofType("Drift Detected");
        assertEquals(1, drifts.size(), drifts.toString());
        assertEquals("realtime", drifts.get(0).path("detail").path("service").asText());
        assertTrue(drifts.get(0).path("detail").path("differences").toString().contains(CPU_POLICY));
        assertEquals(90.0, cpuPolicy().targetTrackingScalingPolicyConfiguration().targetValue(),
                "report is the default: nothing is written");

        ObjectNode healing = realtime();
        healing.put("driftPolicy", "heal");
        ExampleConfigs.put(aws.ssm(), env, "realtime", healing);

        JsonNode healed = LambdaInvoker.invoke(putScalingPolicyEvent("arn:aws:iam::123456789012:role/Admin"));

        assertEquals("HEALED", healed.path("services").get(0).path("status").asText(), healed.toString());
        assertEquals(70.0, cpuPolicy().targetTrackingScalingPolicyConfiguration().targetValue());
    }

    @Test
    void theDeployersOwnCallIsIgnoredWithoutReadingAnything() {
        setCpuTarget(90.0);
        FaultInjector.reset();

        JsonNode response = LambdaInvoker.invoke(putScalingPolicyEvent(MotoTestResource.DEPLOYER_ROLE));

        assertEquals(0, FaultInjector.totalCalls(), FaultInjector.calls().toString());
        assertEquals("ok", response.path("status").asText(), response.toString());
        assertTrue(response.path("ignored").asText().contains("made by the deployer itself"), response.toString());
        assertEquals(0, response.path("services").size(), response.toString());
        assertTrue(published.ofType("Drift Detected").isEmpty());
    }

    @Test
    void aFailedCallIsIgnoredWithoutReadingAnything() {
        ObjectNode event = putScalingPolicyEvent("arn:aws:iam::123456789012:role/Admin");
        ((ObjectNode) event.get("detail")).put("errorCode", "AccessDenied");
        FaultInjector.reset();

        JsonNode response = LambdaInvoker.invoke(event);

        assertEquals(0, FaultInjector.totalCalls(), FaultInjector.calls().toString());
        assertTrue(response.path("ignored").asText().contains("failed ('AccessDenied')"), response.toString());
    }

    @Test
    void aServiceWithoutTheDeployersTagIsNotOurs() {
        String byHand = "by-hand-" + env;
        String taskDefinition = aws.ecs().describeServices(b -> b.cluster(baseline.clusterName()).services(service))
                .services().get(0).taskDefinition();
        aws.ecs().createService(b -> b.cluster(baseline.clusterName()).serviceName(byHand)
                .taskDefinition(taskDefinition).desiredCount(0));
        ObjectNode event = putScalingPolicyEvent("arn:aws:iam::123456789012:role/Admin");
        ((ObjectNode) event.get("detail").get("requestParameters")).put("resourceId",
                "service/" + baseline.clusterName() + "/" + byHand);
        FaultInjector.reset();

        JsonNode response = LambdaInvoker.invoke(event);

        assertEquals(Map.of("ECS.DescribeServices", 1), FaultInjector.calls(), "its tags, and nothing else");
        assertTrue(response.path("ignored").asText().contains("no config of this deployer manages that service"),
                response.toString());
        assertEquals(0, response.path("services").size(), response.toString());
        assertTrue(published.ofType("Drift Detected").isEmpty());
    }

    @Test
    void aMalformedCallIsRejectedNamingWhatIsWrong() {
        ObjectNode event = putScalingPolicyEvent("arn:aws:iam::123456789012:role/Admin");
        ((ObjectNode) event.get("detail").get("requestParameters")).put("resourceId", "service/" + service);

        JsonNode response = LambdaInvoker.invoke(event);

        assertEquals("rejected", response.path("status").asText(), response.toString());
        assertTrue(response.path("error").asText().contains("is not an ECS service's service/<cluster>/<service>"),
                response.toString());
    }
}
