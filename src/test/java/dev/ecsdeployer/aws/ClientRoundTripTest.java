package dev.ecsdeployer.aws;

import dev.ecsdeployer.report.EventPublisher;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** One real operation per production client, against moto, through {@link AwsClients}. */
@ExtendWith(MotoExtension.class)
class ClientRoundTripTest {

    private static AwsClients aws;
    private static Baseline baseline;

    @BeforeAll
    static void setUp() {
        aws = new AwsClients(AwsClientFactory.fromEnvironment());
        baseline = MotoBaseline.createWithLoadBalancer(aws.factory(), "roundtrip", 3000);
    }

    @AfterAll
    static void tearDown() {
        aws.close();
    }

    @Test
    void ecsRegistersATaskDefinitionAndRunsAServiceOnIt() {
        TaskDefinition td = registerTaskDefinition("roundtrip-api");
        assertEquals(1, td.revision());

        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("api")
                .taskDefinition(td.taskDefinitionArn()).desiredCount(2).launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(baseline.privateSubnetIds())
                        .securityGroups(baseline.securityGroupId()).assignPublicIp(AssignPublicIp.DISABLED)))
                .loadBalancers(lb -> lb.targetGroupArn(baseline.loadBalancer().orElseThrow().targetGroupArn())
                        .containerName("api").containerPort(3000)));

        Service service = aws.ecs().describeServices(r -> r.cluster(baseline.clusterName()).services("api"))
                .services().get(0);
        assertEquals(td.taskDefinitionArn(), service.taskDefinition());
        assertEquals(2, service.desiredCount());
        assertEquals(List.of("api"), List.of(service.serviceName()));
    }

    @Test
    void applicationAutoScalingRegistersATargetAndAPolicy() {
        // moto checks that the ECS service exists before registering a scalable target.
        String taskDefinitionArn = registerTaskDefinition("roundtrip-scaled").taskDefinitionArn();
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("scaled")
                .taskDefinition(taskDefinitionArn).desiredCount(2).launchType(LaunchType.FARGATE));
        String resourceId = "service/" + baseline.clusterName() + "/scaled";
        aws.autoScaling().registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(2).maxCapacity(10));
        aws.autoScaling().putScalingPolicy(r -> r.policyName("cpu").serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(60.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))
                        .scaleInCooldown(300).scaleOutCooldown(60)));

        ScalableTarget target = aws.autoScaling().describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds(resourceId)).scalableTargets().get(0);
        assertEquals(2, target.minCapacity());
        assertEquals(10, target.maxCapacity());
        assertEquals(60.0, aws.autoScaling().describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)).scalingPolicies().get(0).targetTrackingScalingPolicyConfiguration().targetValue());
    }

    @Test
    void cloudWatchStoresAnAlarmThroughTheCborBridge() {
        aws.cloudWatch().putMetricAlarm(r -> r.alarmName("roundtrip-lag").namespace("App").metricName("EventLoopLagMs")
                .extendedStatistic("p95").period(60).evaluationPeriods(3).threshold(200.0)
                .comparisonOperator("GreaterThanThreshold"));
        var alarm = aws.cloudWatch().describeAlarms(r -> r.alarmNames("roundtrip-lag")).metricAlarms().get(0);
        assertEquals("p95", alarm.extendedStatistic());
        assertEquals(200.0, alarm.threshold());
        assertEquals(1, FaultInjector.calls("CloudWatch.PutMetricAlarm"), "the bridge turns CBOR into a JSON 1.0 call");
    }

    @Test
    void logsCreatesAGroupWithRetention() {
        aws.logs().createLogGroup(r -> r.logGroupName("/ecs/roundtrip-dev/api"));
        aws.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/roundtrip-dev/api").retentionInDays(7));
        var group = aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/roundtrip-dev/")).logGroups().get(0);
        assertEquals("/ecs/roundtrip-dev/api", group.logGroupName());
        assertEquals(7, group.retentionInDays());
    }

    @Test
    void ssmStoresAndReadsAConfigDocument() {
        String json = "{\"service\":\"api\",\"desiredCount\":2}";
        aws.ssm().putParameter(r -> r.name("/ecs-deployer/dev/api").type(ParameterType.STRING).value(json));
        assertEquals(json, aws.ssm().getParameter(r -> r.name("/ecs-deployer/dev/api")).parameter().value());
    }

    @Test
    void eventBridgeAcceptsAnEvent() {
        // The deployer's PutEvents (a signed JSON call, without the EventBridge SDK module).
        ObjectMapper mapper = new ObjectMapper();
        assertTrue(new EventPublisher(aws::events, "default", mapper).publish("Deployment Completed",
                mapper.createObjectNode().put("service", "api"),
                List.of("arn:aws:ecs:us-east-1:123456789012:service/c/api")));
        // And an answer EventBridge gives for an entry it refuses is read as a failure, not a success.
        assertFalse(new EventPublisher(aws::events, "no-such-bus", mapper).publish("Deployment Completed",
                mapper.createObjectNode()));
    }

    @Test
    void manyEventsGoTenToAPutEventsCall() {
        ObjectMapper mapper = new ObjectMapper();
        List<EventPublisher.Event> batch = java.util.stream.IntStream.range(0, 23)
                .mapToObj(i -> new EventPublisher.Event("Drift Detected", mapper.createObjectNode().put("service", "s" + i),
                        List.of("arn:aws:ecs:us-east-1:123456789012:service/c/s" + i))).toList();
        FaultInjector.reset();

        assertEquals(23, new EventPublisher(aws::events, "default", mapper).publishAll(batch));
        assertEquals(3, FaultInjector.calls("EventBridge.PutEvents"), FaultInjector.calls().toString());
        // Every entry refused (a bus that does not exist) counts as not published.
        assertEquals(0, new EventPublisher(aws::events, "no-such-bus", mapper).publishAll(batch.subList(0, 3)));
    }

    @Test
    void ecrResolvesTheBaselineImageTagToItsDigest() {
        ImageDetail image = aws.ecr().describeImages(r -> r.repositoryName(baseline.repositoryName())
                .imageIds(i -> i.imageTag("v1"))).imageDetails().get(0);
        assertEquals(baseline.imageDigest(), image.imageDigest());
        assertTrue(image.imageTags().contains("v1"));
    }

    private static TaskDefinition registerTaskDefinition(String family) {
        return aws.ecs().registerTaskDefinition(r -> r.family(family)
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC)
                .cpu("256").memory("512").executionRoleArn(baseline.executionRoleArn())
                .containerDefinitions(c -> c.name("api").image(baseline.imageUri()).essential(true)
                        .portMappings(p -> p.containerPort(3000).hostPort(3000)))).taskDefinition();
    }
}
