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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployer as the lifecycle hook of a canary deployment, through the handler, on moto: ECS calls it at the
 * production traffic shift with 10 % on the new revision; it reads which target group carries that 10 % (the
 * listener rule's weights) and that group's load balancer metrics (seeded with PutMetricData), answers
 * SUCCEEDED / FAILED / IN_PROGRESS in the invocation, and publishes the verdict with its figures. It writes nothing
 * else.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class LifecycleHookTest {

    static final String NEW_REVISION = "arn:aws:ecs:us-east-1:123456789012:service-revision/c/s/4980306466373577095";
    static final String OLD_REVISION = "arn:aws:ecs:us-east-1:123456789012:service-revision/c/s/1012749553813476611";

    static Baseline baseline;
    static AwsClientFactory shared;
    static int tests;

    AwsClientFactory aws;
    PublishedEvents published;
    String env;
    String greenGroup;
    String rule;
    ObjectNode config;
    /** The AWS calls the deployer made for the hook call. */
    Map<String, Integer> calls;

    @BeforeEach
    void setUp() {
        if (baseline == null) {
            MotoServer.start().reset();
            shared = AwsClientFactory.fromEnvironment();
            baseline = MotoBaseline.createWithLoadBalancer(shared, "hook", 3001);
        }
        env = "h" + ++tests;
        aws = AwsClientFactory.fromEnvironment();
        ExampleConfigs.deleteAll(aws.ssm());
        Baseline.LoadBalancer lb = baseline.loadBalancer().orElseThrow();
        // Each test its own green group and rule: moto keeps metric data for the life of the class.
        try (ElasticLoadBalancingV2Client elb = aws.build(ElasticLoadBalancingV2Client.builder())) {
            greenGroup = elb.createTargetGroup(r -> r.name("hook-green-" + env).targetType(TargetTypeEnum.IP)
                    .protocol(ProtocolEnum.HTTP).port(3001).vpcId(baseline.vpcId()).healthCheckPath("/health"))
                    .targetGroups().get(0).targetGroupArn();
            // ECS has moved 10 % of production traffic to the green group.
            rule = elb.createRule(r -> r.listenerArn(lb.listenerArn()).priority(tests)
                    .conditions(c -> c.field("path-pattern").values("/" + env + "/*"))
                    .actions(a -> a.type(ActionTypeEnum.FORWARD).forwardConfig(f -> f.targetGroups(
                            TargetGroupTuple.builder().targetGroupArn(lb.targetGroupArn()).weight(90).build(),
                            TargetGroupTuple.builder().targetGroupArn(greenGroup).weight(10).build()))))
                    .rules().get(0).ruleArn();
        }
        ObjectNode doc = ExampleConfigs.forBaseline("api-prod.json", baseline).put("environment", env);
        doc.remove("deploymentAlarms");
        ObjectNode deployment = (ObjectNode) doc.path("service").path("deployment");
        deployment.put("strategy", "CANARY").put("bakeTimeInMinutes", 10);
        deployment.putObject("canaryConfiguration").put("canaryPercent", 10.0);
        deployment.putObject("analysis").put("max5xxPercent", 5.0).put("windowMinutes", 5).put("minRequests", 10);
        ((ObjectNode) doc.path("service").path("loadBalancer")).putObject("advancedConfiguration")
                .put("alternateTargetGroupArn", greenGroup).put("productionListenerRule", rule)
                .put("roleArn", "arn:aws:iam::123456789012:role/ecs-blue-green");
        ExampleConfigs.put(aws.ssm(), env, "api", doc);
        config = doc;
        JsonNode created = LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), baseline.imageDigest(),
                "latest", "2026-05-20T12:00:00Z")).path("services").get(0);
        assertEquals("APPLIED", created.path("status").asText(), created.toString());
        published = PublishedEvents.captureFromNow(aws);
        FaultInjector.reset();
    }

    /** ECS's call at PRODUCTION_TRAFFIC_SHIFT: the new revision has 10 % of production traffic. */
    JsonNode hook() {
        ObjectNode call = (ObjectNode) LambdaInvoker.sample("ecs-lifecycle-hook.json");
        call.put("serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/" + baseline.clusterName() + "/myapp-"
                + env + "-api");
        call.put("targetServiceRevisionArn", NEW_REVISION);
        call.putObject("productionTrafficWeights").put(NEW_REVISION, 10).put(OLD_REVISION, 90);
        FaultInjector.reset();
        JsonNode answer = LambdaInvoker.invoke(call);
        calls = FaultInjector.calls();
        return answer;
    }

    /** What the load balancer published for a target group in the last minutes. */
    void served(String targetGroup, int requests, int errors5xx) {
        String lb = baseline.loadBalancer().orElseThrow().loadBalancerArn();
        List<Dimension> dims = List.of(
                Dimension.builder().name("LoadBalancer").value(lb.substring(lb.indexOf(":loadbalancer/") + 14)).build(),
                Dimension.builder().name("TargetGroup").value(targetGroup.substring(targetGroup.lastIndexOf(':') + 1))
                        .build());
        Instant at = Instant.now().minusSeconds(90);
        aws.cloudWatch().putMetricData(b -> b.namespace("AWS/ApplicationELB").metricData(
                m -> m.metricName("RequestCount").dimensions(dims).value((double) requests).timestamp(at)
                        .unit(StandardUnit.COUNT),
                m -> m.metricName("HTTPCode_Target_5XX_Count").dimensions(dims).value((double) errors5xx).timestamp(at)
                        .unit(StandardUnit.COUNT)));
    }

    JsonNode verdict() {
        List<JsonNode> verdicts = published.ofType("Canary Verdict");
        assertEquals(1, verdicts.size(), verdicts.toString());
        return verdicts.get(0).path("detail");
    }

    void assertOnlyReadsAndTheVerdict() {
        List<String> writes = calls.keySet().stream()
                .filter(op -> !op.contains(".Describe") && !op.contains(".Get") && !op.contains(".List")
                        && !op.equals("EventBridge.PutEvents"))
                .toList();
        assertEquals(List.of(), writes, calls.toString());
        assertEquals(1, calls.get("EventBridge.PutEvents"), calls.toString());
        assertEquals(Map.of("ECS.DescribeServices", 1, "SSM.GetParameters", 1, "ELBv2.DescribeRules", 1,
                "CloudWatch.GetMetricData", 1, "EventBridge.PutEvents", 1), calls, "reads only what it needs");
    }

    @Test
    void fiveXxAboveTheThresholdFailsTheDeploymentWithAVerdictEvent() {
        served(greenGroup, 200, 30);
        served(baseline.loadBalancer().orElseThrow().targetGroupArn(), 1800, 2);

        JsonNode answer = hook();

        assertEquals("FAILED", answer.path("hookStatus").asText(), answer.toString());
        assertEquals(1, answer.size(), "ECS reads hookStatus: " + answer);
        JsonNode verdict = verdict();
        assertEquals("FAILED", verdict.path("verdict").asText());
        assertTrue(verdict.path("reason").asText().contains("5xx rate 15.00% (30 of 200 requests) is above 5.0%"),
                verdict.toString());
        JsonNode figures = verdict.path("figures");
        assertEquals(greenGroup, figures.path("newTargetGroup").path("targetGroup").asText(), figures.toString());
        assertEquals(200, figures.path("newTargetGroup").path("requests").asInt());
        assertEquals(30, figures.path("newTargetGroup").path("errors5xx").asInt());
        assertEquals(1800, figures.path("oldTargetGroup").path("requests").asInt(), figures.toString());
        assertEquals(5.0, figures.path("thresholds").path("max5xxPercent").asDouble());
        assertOnlyReadsAndTheVerdict();
    }

    @Test
    void fiveXxBelowTheThresholdSucceeds() {
        served(greenGroup, 200, 2);

        JsonNode answer = hook();

        assertEquals("SUCCEEDED", answer.path("hookStatus").asText(), answer.toString());
        assertEquals("SUCCEEDED", verdict().path("verdict").asText());
        assertEquals(1.0, verdict().path("figures").path("newTargetGroup").path("errorPercent").asDouble());
        assertOnlyReadsAndTheVerdict();
    }

    @Test
    void aCanaryWithinTheLimitButWellAboveTheOldRevisionFailsWhenComparedWithIt() {
        ((ObjectNode) config.path("service").path("deployment").path("analysis")).put("max5xxPercentOverBaseline", 1.0);
        ExampleConfigs.put(aws.ssm(), env, "api", config);
        String blue = baseline.loadBalancer().orElseThrow().targetGroupArn();
        served(greenGroup, 200, 8);   // 4 %: within the absolute 5 %
        served(blue, 1800, 9);        // the old revision: 0.5 % (other tests of the class may add to the shared blue group)

        JsonNode answer = hook();

        assertEquals("FAILED", answer.path("hookStatus").asText(), answer.toString());
        JsonNode verdict = verdict();
        assertTrue(verdict.path("reason").asText().contains("more than 1.0 points above the old revision's"),
                verdict.toString());
        assertTrue(verdict.path("figures").path("oldTargetGroup").path("errorPercent").asDouble() < 1.0,
                verdict.toString());
        assertOnlyReadsAndTheVerdict();
    }

    @Test
    void noDataYetAsksEcsToCallAgain() {
        JsonNode answer = hook();

        assertEquals("IN_PROGRESS", answer.path("hookStatus").asText(), answer.toString());
        assertEquals(60, answer.path("callBackDelay").asInt(), answer.toString());
        assertEquals("IN_PROGRESS", verdict().path("verdict").asText());
        assertTrue(verdict().path("reason").asText().startsWith("no data yet: 0 requests"), verdict().toString());
        assertOnlyReadsAndTheVerdict();
    }

    @Test
    void aDeploymentAlarmInAlarmFailsItWhateverTheFigures() {
        config.putArray("deploymentAlarms").addObject().put("name", "errors")
                .put("metricName", "HTTPCode_Target_5XX_Count").put("namespace", "AWS/ApplicationELB")
                .put("statistic", "Sum").put("threshold", 10);
        ExampleConfigs.put(aws.ssm(), env, "api", config);
        JsonNode applied = LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), baseline.imageDigest(),
                "latest", "2026-05-20T12:00:00Z")).path("services").get(0);
        assertEquals("APPLIED", applied.path("status").asText(), applied.toString());
        String alarm = "ecs-deployer/" + baseline.clusterName() + "/myapp-" + env + "-api/errors";
        aws.cloudWatch().setAlarmState(b -> b.alarmName(alarm).stateValue("ALARM").stateReason("test"));
        served(greenGroup, 200, 0);
        published = PublishedEvents.captureFromNow(aws);

        JsonNode answer = hook();

        assertEquals("FAILED", answer.path("hookStatus").asText(), answer.toString());
        assertEquals("deployment alarm in ALARM: " + alarm, verdict().path("reason").asText());
        assertEquals(Map.of("ECS.DescribeServices", 1, "SSM.GetParameters", 1, "CloudWatch.DescribeAlarms", 1,
                "EventBridge.PutEvents", 1), calls, "the alarms decide: no metrics read");
    }

    @Test
    void aServiceNoConfigManagesFailsClosed() {
        ObjectNode call = (ObjectNode) LambdaInvoker.sample("ecs-lifecycle-hook.json");
        call.put("serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/" + baseline.clusterName() + "/other");

        JsonNode answer = LambdaInvoker.invoke(call);

        assertEquals("FAILED", answer.path("hookStatus").asText(), answer.toString());
        assertTrue(verdict().path("reason").asText().contains("no config of this deployer manages"));
    }
}
