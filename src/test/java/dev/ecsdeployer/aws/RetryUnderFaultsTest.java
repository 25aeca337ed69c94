package dev.ecsdeployer.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.report.EventPublisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.Fault;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The production retry policy against injected throttling, 5xx and timeouts. */
@ExtendWith(MotoExtension.class)
class RetryUnderFaultsTest {

    /** Production retry policy, but backoff in milliseconds so tests that exhaust retries stay fast. */
    private static final AwsClientFactory FAST_BACKOFF = new AwsClientFactory(AwsClientSettings.DEFAULTS
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(20)));

    private static Baseline baseline;

    @BeforeAll
    static void setUp() {
        baseline = MotoBaseline.create(AwsClientFactory.fromEnvironment(), "retry");
        try (SsmClient ssm = AwsClientFactory.fromEnvironment().ssm()) {
            ssm.putParameter(r -> r.name("/ecs-deployer/dev/retry").type(ParameterType.STRING).value("{}"));
        }
    }

    @Test
    void aSequenceOfOperationsSucceedsWhenThirtyPercentOfCallsAreThrottled() {
        AwsClients aws = new AwsClients(AwsClientFactory.fromEnvironment());
        FaultInjector.throttleFraction(0.3, 42);
        int operations = 0;

        aws.logs().createLogGroup(r -> r.logGroupName("/ecs/retry-dev/api"));
        aws.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/retry-dev/api").retentionInDays(7));
        operations += 2;
        for (int i = 0; i < 4; i++) {
            aws.ssm().getParameter(r -> r.name("/ecs-deployer/dev/retry"));
            aws.ecs().registerTaskDefinition(r -> r.family("retry-api")
                    .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC)
                    .cpu("256").memory("512").containerDefinitions(c -> c.name("api").image(baseline.imageUri())));
            operations += 2;
        }
        for (int i = 0; i < 3; i++) {
            String name = "retry-alarm-" + i;
            aws.cloudWatch().putMetricAlarm(r -> r.alarmName(name).namespace("App").metricName("Lag")
                    .statistic("Average").period(60).evaluationPeriods(1).threshold(1.0)
                    .comparisonOperator("GreaterThanThreshold"));
            operations++;
        }
        aws.ecr().describeImages(r -> r.repositoryName(baseline.repositoryName()));
        assertTrue(new EventPublisher(aws::events, "default", new ObjectMapper())
                .publish("t", new ObjectMapper().createObjectNode()), "PutEvents succeeded after its retries");
        int revisions = aws.ecs().listTaskDefinitions(r -> r.familyPrefix("retry-api")).taskDefinitionArns().size();
        int alarms = aws.cloudWatch().describeAlarms(r -> r.alarmNamePrefix("retry-alarm-")).metricAlarms().size();
        operations += 4;
        aws.close();

        Map<String, Integer> calls = FaultInjector.calls();
        int throttled = FaultInjector.totalInjected();
        assertTrue(throttled >= 3, "seed 42 throttles several calls, got " + FaultInjector.injected());
        assertEquals(operations + throttled, FaultInjector.totalCalls(),
                "every throttled attempt was retried exactly once more: " + calls);
        assertTrue(calls.values().stream().anyMatch(n -> n > 4), "retries show in per-operation counts: " + calls);
        // Throttled attempts never reach the emulator, so retries did not duplicate any write.
        assertEquals(4, revisions);
        assertEquals(3, alarms);
    }

    @Test
    void sevenThrottlesInARowAreAbsorbedByTheEightAttempts() {
        try (SsmClient ssm = FAST_BACKOFF.ssm()) {
            FaultInjector.failNext("SSM.GetParameter", Fault.THROTTLING, 7);
            assertEquals("{}", ssm.getParameter(r -> r.name("/ecs-deployer/dev/retry")).parameter().value());
            assertEquals(8, FaultInjector.calls("SSM.GetParameter"));
        }
    }

    @Test
    void eightThrottlesInARowSurfaceAsAThrottlingError() {
        try (SsmClient ssm = FAST_BACKOFF.ssm()) {
            FaultInjector.failNext("SSM.GetParameter", Fault.THROTTLING, 8);
            SsmException e = assertThrows(SsmException.class,
                    () -> ssm.getParameter(r -> r.name("/ecs-deployer/dev/retry")));
            assertTrue(e.isThrottlingException(), "classified as throttling: " + e.awsErrorDetails());
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            assertEquals(AwsClientSettings.MAX_ATTEMPTS, FaultInjector.calls("SSM.GetParameter"));
        }
    }

    @Test
    void serverErrorsAreRetried() {
        try (var ecs = FAST_BACKOFF.ecs()) {
            FaultInjector.failNext("ECS.DescribeClusters", Fault.SERVER_ERROR, 2);
            assertEquals(1, ecs.describeClusters(r -> r.clusters(baseline.clusterName())).clusters().size());
            assertEquals(3, FaultInjector.calls("ECS.DescribeClusters"));
        }
    }

    @Test
    void aHungAttemptTimesOutAndIsRetried() {
        AwsClientFactory shortTimeouts = new AwsClientFactory(AwsClientSettings.DEFAULTS
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(20))
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(800), Duration.ofSeconds(30)));
        FaultInjector.timeoutDelay(Duration.ofSeconds(2));
        try (SsmClient ssm = shortTimeouts.ssm()) {
            FaultInjector.failNext("SSM.GetParameter", Fault.TIMEOUT);
            assertEquals("{}", ssm.getParameter(r -> r.name("/ecs-deployer/dev/retry")).parameter().value());
            assertEquals(2, FaultInjector.calls("SSM.GetParameter"));
        }
    }

    @Test
    void throttlingOnTheCborBridgedCloudWatchIsRetried() {
        try (var cloudWatch = FAST_BACKOFF.cloudWatch()) {
            FaultInjector.failNext("CloudWatch.PutMetricAlarm", Fault.THROTTLING, 2);
            cloudWatch.putMetricAlarm(r -> r.alarmName("bridged").namespace("App").metricName("Lag")
                    .statistic("Average").period(60).evaluationPeriods(1).threshold(1.0)
                    .comparisonOperator("GreaterThanThreshold"));
            assertEquals(3, FaultInjector.calls("CloudWatch.PutMetricAlarm"));
        }
    }

    @Test
    void throttlingInTheQueryProtocolIsRetried() {
        try (Ec2Client ec2 = FAST_BACKOFF.build(Ec2Client.builder())) {
            FaultInjector.failNext("EC2.DescribeVpcs", Fault.THROTTLING);
            assertTrue(ec2.describeVpcs(r -> r.vpcIds(baseline.vpcId())).vpcs().size() == 1);
            assertEquals(2, FaultInjector.calls("EC2.DescribeVpcs"));
        }
    }
}
