package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A minimal document gets the seed's defaults, which differ between prod and other environments. */
class ConfigDefaultsTest {

    private static final String MINIMAL = "{\"project\": \"myapp\", \"image\": {\"repository\": \"myapp/api\"},"
            + " \"taskDefinition\": {\"cpu\": 256, \"memory\": 512, \"containerPort\": 3001,"
            + " \"executionRoleArn\": \"arn:aws:iam::123456789012:role/exec\","
            + " \"healthCheck\": {\"command\": [\"CMD\", \"true\"]}},"
            + " \"service\": {\"cluster\": \"c\", \"subnets\": [\"subnet-0a1b2c3d\"]},"
            + " \"scaling\": {\"cpu\": {\"targetValue\": 70},"
            + " \"customMetric\": {\"metricName\": \"M\", \"namespace\": \"N\", \"targetValue\": 5},"
            + " \"stepScaling\": {\"metricName\": \"M\", \"namespace\": \"N\", \"threshold\": 1, \"steps\": [{\"lowerBound\": 0, \"adjustment\": 1}]}},"
            + " \"deploymentAlarms\": [{\"name\": \"errors\", \"metricName\": \"M\", \"namespace\": \"N\", \"threshold\": 1}]}";

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @Test
    void devDefaults() {
        ServiceConfig config = resolve("dev");

        assertEquals("api", config.name());
        assertEquals("dev", config.environment());
        assertEquals(new ImageSource("myapp/api", "latest", null), config.image());
        assertEquals(new TaskDefinitionConfig("myapp-dev-api", 256, 512, CpuArchitecture.X86_64,
                        "arn:aws:iam::123456789012:role/exec", null, "api", 3001, 3001, Map.of(), Map.of(),
                        new HealthCheckConfig(List.of("CMD", "true"), 30, 5, 3, 0), 30, "api"),
                config.taskDefinition());
        assertEquals(new LogGroupConfig("/ecs/myapp-dev/api", 7), config.logGroup());
        assertEquals(new ServiceSettings("c", "myapp-dev-api", 1, List.of("subnet-0a1b2c3d"), List.of(), true, null,
                        new DeploymentSettings(200, 100, new CircuitBreakerConfig(true, true)), false, null),
                config.service());
        assertEquals(1, config.scaling().minCapacity());
        assertEquals(4, config.scaling().maxCapacity());
        assertEquals(new TargetTrackingConfig(70.0, 300, 60), config.scaling().cpu());
        assertNull(config.scaling().memory());
        assertEquals(new CustomMetricTargetConfig("M", "N", Map.of(), "Average", 5.0, 300, 60), config.scaling().customMetric());
        assertEquals(new StepScalingConfig("M", "N", Map.of(), "Average", 60, 3, 1.0, "GreaterThanThreshold", 60,
                List.of(new StepConfig(0.0, null, 1))), config.scaling().stepScaling());
        assertEquals(List.of(new AlarmConfig("errors", "M", "N", Map.of(), "Average", 60, 1, 1.0, "GreaterThanThreshold",
                "notBreaching")), config.deploymentAlarms());
        assertNull(config.driftPolicy(), "unset: the environment-wide drift policy applies");
        assertEquals(new CostConfig(Map.of(), null), config.cost(), "built-in prices, no Cost Drift events");
    }

    @Test
    void prodDefaults() {
        ServiceConfig config = resolve("prod");

        assertEquals(new LogGroupConfig("/ecs/myapp-prod/api", 30), config.logGroup());
        assertEquals(false, config.service().assignPublicIp());
        assertEquals(20, config.scaling().maxCapacity());
        assertEquals("myapp-prod-api", config.taskDefinition().family());
    }

    @Test
    void minCapacityFollowsDesiredCount() {
        String json = MINIMAL.replace("\"cluster\": \"c\"", "\"cluster\": \"c\", \"desiredCount\": 3");

        assertEquals(3, parser.parse(location("prod"), json, null).config().scaling().minCapacity());
    }

    @Test
    void aLoadBalancerGetsEcsDefaultGracePeriod() {
        String json = MINIMAL.replace("\"cluster\": \"c\"", "\"cluster\": \"c\", \"loadBalancer\": {\"targetGroupArn\":"
                + " \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef\"}");

        assertEquals(0, parser.parse(location("dev"), json, null).config().service().healthCheckGracePeriodSeconds());
    }

    private ServiceConfig resolve(String environment) {
        ConfigResult result = parser.parse(location(environment), MINIMAL, null);
        assertEquals(List.of(), result.errors());
        return result.config();
    }

    private static ConfigLocation location(String environment) {
        return new ConfigLocation(ConfigLocation.DEFAULT_PREFIX, environment, "api");
    }
}
