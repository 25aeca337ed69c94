package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.actual.PolicyRefresh;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.verify.TestManifests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scheduled drift check with an hourly rate reads a service's scaling policies when its records
 * say they can have changed, and otherwise on the service's turn, once a day; an operator's check
 * reads them all. Through the handler, against moto.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
@TestProfile(ScheduledPolicyReadsTest.Hourly.class)
class ScheduledPolicyReadsTest {

    /** As template.yaml deploys it with its default schedule. */
    public static class Hourly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ecs-deployer.drift-schedule", "rate(1 hour)",
                    "ecs-deployer.drift-policy-refresh-hours", "24");
        }
    }

    static final String DIGEST_B = "sha256:" + "d".repeat(64);
    static Baseline shared;
    static int tests;

    AwsClientFactory aws;
    Baseline baseline;
    String env;
    String service;
    String resourceId;

    @BeforeEach
    void setUp() {
        if (shared == null) {
            MotoServer.start().reset();
            shared = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "polr");
        }
        env = "p" + ++tests;
        service = "myapp-" + env + "-realtime";
        aws = AwsClientFactory.fromEnvironment();
        ExampleConfigs.deleteAll(aws.ssm());
        baseline = MotoBaseline.alongside(aws, shared, env + "-realtime");
        resourceId = "service/" + baseline.clusterName() + "/" + service;
        ExampleConfigs.put(aws.ssm(), env, "realtime", realtime());
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag("b").imageDigest(DIGEST_B)
                .imageManifest(TestManifests.index("linux/arm64")));
        LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), baseline.imageDigest(), "latest",
                "2026-05-20T12:00:00Z"));
        LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), DIGEST_B, "latest",
                "2026-05-20T12:00:00Z"));
        FaultInjector.reset();
    }

    ObjectNode realtime() {
        return ExampleConfigs.forBaseline("realtime-prod.json", baseline).put("environment", env);
    }

    /** The scheduled check at {@code at}. */
    JsonNode scheduledAt(Instant at) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("scheduled-drift-check.json");
        event.put("time", at.toString());
        return LambdaInvoker.invoke(event).path("services").get(0);
    }

    /** A scheduled time (on the hour) at which this service's turn has, or has not, come. */
    Instant hourWhere(boolean due) {
        Instant day = Instant.parse("2026-12-07T00:00:00Z");
        for (int h = 0; h < 48; h++) {
            Instant at = day.plus(Duration.ofHours(h));
            if (PolicyRefresh.scheduled(at, "rate(1 hour)", Duration.ofHours(24)).due(resourceId) == due) {
                return at;
            }
        }
        throw new AssertionError("no such hour");
    }

    void editCpuPolicyByHand() {
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace("ecs").scalableDimension("ecs:service:DesiredCount")
                .resourceId(resourceId).policyName("ecs-deployer-cpu").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(40.0).scaleInCooldown(300)
                        .scaleOutCooldown(60).predefinedMetricSpecification(m -> m
                                .predefinedMetricType("ECSServiceAverageCPUUtilization"))));
    }

    static List<String> paths(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("differences").forEach(d -> out.add(d.path("path").asText()));
        return out;
    }

    @Test
    void aServiceWhoseRecordsMatchHasItsPoliciesReadOnlyOnItsTurn() {
        editCpuPolicyByHand();

        JsonNode notItsTurn = scheduledAt(hourWhere(false));
        assertEquals("IN_SYNC", notItsTurn.path("status").asText(), notItsTurn.toString());
        assertEquals(0, FaultInjector.calls("ApplicationAutoScaling.DescribeScalingPolicies"));

        JsonNode itsTurn = scheduledAt(hourWhere(true));
        assertEquals("DRIFTED", itsTurn.path("status").asText(), itsTurn.toString());
        assertTrue(!paths(itsTurn).isEmpty() && paths(itsTurn).stream()
                .allMatch(p -> p.startsWith("scaling.policies.ecs-deployer-cpu")), itsTurn.toString());
    }

    @Test
    void anOperatorsCheckReadsEveryPolicy() {
        editCpuPolicyByHand();

        JsonNode report = LambdaInvoker.invoke("{\"command\": \"drift-check\", \"environment\": \"" + env + "\"}").path("services").get(0);

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertTrue(paths(report).stream().allMatch(p -> p.startsWith("scaling.policies.ecs-deployer-cpu")),
                report.toString());
    }

    @Test
    void aChangedScalableTargetHasThePoliciesReadTooWhateverTheTurn() {
        editCpuPolicyByHand();
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace("ecs")
                .scalableDimension("ecs:service:DesiredCount").resourceId(resourceId).minCapacity(2).maxCapacity(25));

        JsonNode report = scheduledAt(hourWhere(false));

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertTrue(paths(report).contains("scaling.target.maxCapacity"), report.toString());
        assertTrue(paths(report).stream().anyMatch(p -> p.startsWith("scaling.policies.ecs-deployer-cpu")),
                report.toString());
    }

    @Test
    void aConfigChangedSinceTheLastApplyHasThePoliciesCompared() {
        // The settings record is the last applied config's: a scaling change not applied yet is drift now.
        ObjectNode config = realtime();
        ((ObjectNode) config.path("scaling").path("cpu")).put("targetValue", 55);
        ExampleConfigs.put(aws.ssm(), env, "realtime", config);

        JsonNode report = scheduledAt(hourWhere(false));

        assertEquals("DRIFTED", report.path("status").asText(), report.toString());
        assertTrue(paths(report).stream().anyMatch(p -> p.startsWith("scaling.policies.ecs-deployer-cpu")),
                report.toString());
        assertTrue(FaultInjector.calls("ApplicationAutoScaling.DescribeScalingPolicies") >= 1);
    }
}
