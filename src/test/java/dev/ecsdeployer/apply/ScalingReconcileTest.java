package dev.ecsdeployer.apply;

import dev.ecsdeployer.testing.TestClients;
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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.StepAdjustment;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scaling target, the policies and their alarm kept exactly as the config says, against moto. */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class ScalingReconcileTest {

    AwsClientFactory aws;
    Baseline baseline;
    String service;

    void deploy(String example, String name, boolean loadBalancer) {
        MotoServer.start().reset();
        aws = AwsClientFactory.fromEnvironment();
        baseline = loadBalancer ? MotoBaseline.createWithLoadBalancer(aws, name, 3001) : MotoBaseline.create(aws, name);
        service = "myapp-prod-" + name;
        put(ExampleConfigs.withRealSecrets(ExampleConfigs.forBaseline(example, baseline), TestClients.secretsManager(aws)));
        LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), baseline.imageDigest(), "latest",
                "2026-05-20T12:00:00Z"));
        FaultInjector.reset();
    }

    void put(ObjectNode config) {
        ExampleConfigs.put(aws.ssm(), "prod", config.path("name").asText(), config);
    }

    JsonNode configChange() {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample("ssm-config-change.json");
        ((ObjectNode) event.get("detail")).put("name", "/ecs-deployer/prod/" + service.substring("myapp-prod-".length()));
        return LambdaInvoker.invoke(event).path("services").get(0);
    }

    String resourceId() {
        return "service/" + baseline.clusterName() + "/" + service;
    }

    ScalableTarget target() {
        return aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace("ecs").resourceIds(resourceId()))
                .scalableTargets().get(0);
    }

    Map<String, ScalingPolicy> policies() {
        return aws.autoScaling().describeScalingPolicies(b -> b.serviceNamespace("ecs").resourceId(resourceId()))
                .scalingPolicies().stream().collect(Collectors.toMap(ScalingPolicy::policyName, p -> p));
    }

    static List<String> writes() {
        return FaultInjector.calls().keySet().stream()
                .filter(op -> op.matches("(ApplicationAutoScaling|CloudWatch)\\.(Register|Put|Delete).*"))
                .toList();
    }

    @Test
    void theProdApiGetsItsTargetAndThreeTargetTrackingPoliciesAndNothingElse() {
        deploy("api-prod.json", "api", true);

        assertEquals(2, target().minCapacity());
        assertEquals(20, target().maxCapacity());
        Map<String, ScalingPolicy> policies = policies();
        assertEquals(List.of("ecs-deployer-cpu", "ecs-deployer-memory", "ecs-deployer-requests"),
                policies.keySet().stream().sorted().toList());
        assertTracking(policies.get("ecs-deployer-cpu"), "ECSServiceAverageCPUUtilization", 70);
        assertTracking(policies.get("ecs-deployer-memory"), "ECSServiceAverageMemoryUtilization", 75);
        TargetTrackingScalingPolicyConfiguration requests =
                assertTracking(policies.get("ecs-deployer-requests"), "ALBRequestCountPerTarget", 1000);
        String lb = baseline.loadBalancer().orElseThrow().loadBalancerArn();
        String tg = baseline.loadBalancer().orElseThrow().targetGroupArn();
        assertEquals(lb.substring(lb.indexOf("loadbalancer/") + "loadbalancer/".length()) + "/"
                + tg.substring(tg.indexOf("targetgroup/")), requests.predefinedMetricSpecification().resourceLabel());
        assertTrue(ownedAlarms().isEmpty());

        // Reconciling again writes nothing. (The first reconcile after a create stores on moto the
        // deployment settings its CreateService drops: harness/MOTO-GAPS.md.)
        configChange();
        FaultInjector.reset();
        JsonNode again = configChange();
        assertEquals("UNCHANGED", again.path("status").asText(), again.toString());
        assertEquals(List.of(), writes());
        assertTrue(FaultInjector.calls().keySet().stream().noneMatch(op -> op.matches("ECS\\.(Register|Update|Create|Tag).*")),
                FaultInjector.calls().toString());
    }

    @Test
    void theProdRealtimeGetsConnectionsTrackingAndAStepPolicyWiredToItsP95Alarm() {
        deploy("realtime-prod.json", "realtime", false);

        Map<String, ScalingPolicy> policies = policies();
        assertEquals(List.of("ecs-deployer-cpu", "ecs-deployer-custom-metric", "ecs-deployer-memory",
                "ecs-deployer-step-scaling"), policies.keySet().stream().sorted().toList());
        assertTracking(policies.get("ecs-deployer-cpu"), "ECSServiceAverageCPUUtilization", 70);
        assertTracking(policies.get("ecs-deployer-memory"), "ECSServiceAverageMemoryUtilization", 70);
        var custom = policies.get("ecs-deployer-custom-metric").targetTrackingScalingPolicyConfiguration();
        assertEquals("ActiveConnections", custom.customizedMetricSpecification().metricName());
        assertEquals("myapp-prod", custom.customizedMetricSpecification().namespace());
        assertEquals("myapp-prod-realtime", custom.customizedMetricSpecification().dimensions().get(0).value());
        List<StepAdjustment> steps = policies.get("ecs-deployer-step-scaling").stepScalingPolicyConfiguration()
                .stepAdjustments();
        assertEquals(2, steps.size());
        assertEquals(0.0, steps.get(0).metricIntervalLowerBound());
        assertEquals(100.0, steps.get(0).metricIntervalUpperBound());
        assertEquals(1, steps.get(0).scalingAdjustment());
        assertEquals(100.0, steps.get(1).metricIntervalLowerBound());
        assertNull(steps.get(1).metricIntervalUpperBound());
        assertEquals(2, steps.get(1).scalingAdjustment());

        MetricAlarm alarm = ownedAlarms().get(0);
        assertEquals("EventLoopLagMs", alarm.metricName());
        assertEquals("p95", alarm.extendedStatistic());
        assertEquals(60, alarm.period());
        assertEquals(3, alarm.evaluationPeriods());
        assertEquals("GreaterThanThreshold", alarm.comparisonOperatorAsString());
        assertEquals(100.0, alarm.threshold());
        assertEquals(List.of(policies.get("ecs-deployer-step-scaling").policyARN()), alarm.alarmActions());
    }

    @Test
    void oneChangedTargetChangesOnlyThatPolicyAndARemovedPolicyIsDeletedButNotAnotherTools() {
        deploy("realtime-prod.json", "realtime", false);
        ApplicationAutoScalingClient as = aws.autoScaling();
        as.putScalingPolicy(b -> b.serviceNamespace("ecs").scalableDimension("ecs:service:DesiredCount")
                .resourceId(resourceId()).policyName("team-experiment").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(50.0)
                        .predefinedMetricSpecification(p -> p.predefinedMetricType("ECSServiceAverageCPUUtilization"))));
        FaultInjector.reset();

        ObjectNode config = ExampleConfigs.forBaseline("realtime-prod.json", baseline);
        ((ObjectNode) config.get("scaling").get("memory")).put("targetValue", 65);
        put(config);
        JsonNode changed = configChange();

        assertEquals(List.of("ApplicationAutoScaling.PutScalingPolicy"), writes(), changed.toString());
        assertEquals(65.0, policies().get("ecs-deployer-memory").targetTrackingScalingPolicyConfiguration().targetValue());
        assertTrue(changed.path("notices").toString().contains("team-experiment"), changed.toString());

        ((ObjectNode) config.get("scaling")).remove("customMetric");
        put(config);
        FaultInjector.reset();
        configChange();

        assertEquals(List.of("ApplicationAutoScaling.DeleteScalingPolicy"), writes());
        assertEquals(List.of("ecs-deployer-cpu", "ecs-deployer-memory", "ecs-deployer-step-scaling", "team-experiment"),
                policies().keySet().stream().sorted().toList());
    }

    List<MetricAlarm> ownedAlarms() {
        return aws.cloudWatch().describeAlarms(b -> b.alarmNamePrefix("ecs-deployer/")).metricAlarms();
    }

    static TargetTrackingScalingPolicyConfiguration assertTracking(ScalingPolicy p, String metric, double target) {
        TargetTrackingScalingPolicyConfiguration c = p.targetTrackingScalingPolicyConfiguration();
        assertEquals(metric, c.predefinedMetricSpecification().predefinedMetricTypeAsString());
        assertEquals(target, c.targetValue());
        assertEquals(300, c.scaleInCooldown());
        assertEquals(60, c.scaleOutCooldown());
        return c;
    }
}
