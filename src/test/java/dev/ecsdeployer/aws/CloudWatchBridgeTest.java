package dev.ecsdeployer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeployer.harness.MotoExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The operations the deployer needs from CloudWatch, through the harness's CBOR-to-JSON gateway. */
@ExtendWith(MotoExtension.class)
class CloudWatchBridgeTest {

    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void setUp() {
        cloudWatch = AwsClientFactory.fromEnvironment().cloudWatch();
    }

    @AfterAll
    static void tearDown() {
        cloudWatch.close();
    }

    @Test
    void alarmsRoundTripWithDimensionsActionsAndTimestamps() {
        Instant before = Instant.now().minusSeconds(5);
        cloudWatch.putMetricAlarm(r -> r.alarmName("api-lag-high").namespace("App").metricName("EventLoopLagMs")
                .dimensions(d -> d.name("ServiceName").value("api"))
                .statistic(Statistic.MAXIMUM).period(60).evaluationPeriods(2).threshold(150.5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .alarmActions("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x")
                .alarmDescription("step scaling trigger"));

        MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames("api-lag-high")).metricAlarms().get(0);
        assertEquals(Statistic.MAXIMUM, alarm.statistic());
        assertEquals(150.5, alarm.threshold());
        assertEquals(2, alarm.evaluationPeriods());
        assertEquals(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, alarm.comparisonOperator());
        assertEquals("api", alarm.dimensions().get(0).value());
        assertEquals(List.of("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x"), alarm.alarmActions());
        assertTrue(alarm.alarmConfigurationUpdatedTimestamp().isAfter(before), "timestamps survive the bridge");

        cloudWatch.deleteAlarms(r -> r.alarmNames("api-lag-high"));
        assertTrue(cloudWatch.describeAlarms(r -> r.alarmNames("api-lag-high")).metricAlarms().isEmpty());
    }

    @Test
    void metricDataIsAccepted() {
        cloudWatch.putMetricData(r -> r.namespace("EcsDeployer").metricData(m -> m.metricName("Deployments")
                .unit(StandardUnit.COUNT).value(1.0).timestamp(Instant.now())
                .dimensions(d -> d.name("Service").value("api"))));
        assertTrue(cloudWatch.listMetrics(r -> r.namespace("EcsDeployer")).metrics().stream()
                .anyMatch(m -> m.metricName().equals("Deployments")));
    }

    @Test
    void errorsArriveAsCloudWatchExceptionsWithTheirCode() {
        CloudWatchException e = assertThrows(CloudWatchException.class, () -> cloudWatch.setAlarmState(r -> r
                .alarmName("no-such-alarm").stateValue(StateValue.ALARM).stateReason("test")));
        assertEquals("ResourceNotFound", e.awsErrorDetails().errorCode());
    }
}
