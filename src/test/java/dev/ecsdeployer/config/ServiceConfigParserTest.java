package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole documents in, resolved config or error list out: examples, bad input, _defaults merging. */
class ServiceConfigParserTest {

    private static final ConfigLocation API_DEV = new ConfigLocation("ecs-deployer", "dev", "api");

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @ParameterizedTest
    @FieldSource("dev.ecsdeployer.config.Documents#EXAMPLE_NAMES")
    void eachExampleParsesAndValidates(String example) {
        ConfigResult result = parser.parse(Documents.location(example), Documents.text(example), null);

        assertEquals(List.of(), result.errors());
        assertTrue(result.valid());
    }

    @Test
    void theProdApiExampleResolvesToTheSeedsValues() {
        ServiceConfig api = parse("api-prod");
        TaskDefinitionConfig task = api.taskDefinition();

        assertEquals("myapp-prod-api", task.family());
        assertEquals(512, task.cpu());
        assertEquals(1024, task.memory());
        assertEquals(CpuArchitecture.ARM64, task.cpuArchitecture());
        assertEquals("api", task.containerName());
        assertEquals(3001, task.containerPort());
        assertEquals(3001, task.hostPort());
        assertEquals(new HealthCheckConfig(
                List.of("CMD-SHELL", "wget -q --spider http://localhost:3001/health || exit 1"), 30, 5, 3, 60),
                task.healthCheck());
        assertEquals("arn:aws:secretsmanager:us-east-1:123456789012:secret:myapp-prod-db-credentials-AbCdEf:username::",
                task.secrets().get("DATABASE_USERNAME"));
        assertEquals(new LogGroupConfig("/ecs/myapp-prod/api", 30), api.logGroup());
        assertEquals("api", task.logStreamPrefix());
        assertEquals("myapp-prod-api", api.service().serviceName());
        assertEquals(2, api.service().desiredCount());
        assertFalse(api.service().assignPublicIp());
        assertEquals(new DeploymentSettings(200, 100, new CircuitBreakerConfig(true, true)), api.service().deployment());
        assertEquals(2, api.scaling().minCapacity());
        assertEquals(20, api.scaling().maxCapacity());
        assertEquals(new TargetTrackingConfig(75.0, 300, 60), api.scaling().memory());
        assertEquals(new TargetTrackingConfig(1000.0, 300, 60), api.scaling().requestCount());
        assertEquals(List.of(), api.deploymentAlarms());
        assertNull(api.driftPolicy(), "unset: the environment-wide drift policy applies");
    }

    @Test
    void theProdRealtimeExampleHasItsCustomMetricAndStepScaling() {
        ServiceConfig realtime = parse("realtime-prod");

        assertEquals(new DeploymentSettings(150, 50, new CircuitBreakerConfig(true, true)), realtime.service().deployment());
        assertEquals(new CustomMetricTargetConfig("ActiveConnections", "myapp-prod",
                Map.of("ServiceName", "myapp-prod-realtime"), "Average", 1000.0, 300, 60), realtime.scaling().customMetric());
        StepScalingConfig lag = realtime.scaling().stepScaling();
        assertEquals(List.of("EventLoopLagMs", "p95", 60, 3, 100.0, "GreaterThanThreshold"),
                List.of(lag.metricName(), lag.statistic(), lag.period(), lag.evaluationPeriods(), lag.threshold(),
                        lag.comparisonOperator()));
        assertEquals(List.of(new StepConfig(0.0, 100.0, 1), new StepConfig(100.0, null, 2)), lag.steps());
    }

    @Test
    void malformedJsonIsAnErrorWithLineAndColumn() {
        ConfigResult result = parser.parse(API_DEV, "{\n  \"project\": \"myapp\",\n  \"image\": }\n", null);

        assertEquals(1, result.errors().size());
        String message = result.errors().get(0).describe();
        assertTrue(message.startsWith("/ecs-deployer/dev/api: is not valid JSON at line 3, column 12: "), message);
    }

    @Test
    void malformedDefaultsAreReportedUnderTheirOwnName() {
        ConfigResult result = parser.parse(API_DEV, Documents.text("api-dev"), "{\"project\": ");

        assertTrue(result.errors().get(0).describe().startsWith("/ecs-deployer/dev/_defaults: is not valid JSON at line 1"),
                result.describeErrors());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsAnError() {
        assertEquals(List.of("/ecs-deployer/dev/api: must be a JSON object, not array"), describe(parser.parse(API_DEV, "[1, 2]", null)));
        assertEquals(List.of("/ecs-deployer/dev/api: is empty; a config is a JSON object"), describe(parser.parse(API_DEV, " ", null)));
    }

    @Test
    void aDuplicatedKeyIsAnErrorNotASilentOverride() {
        ConfigResult result = parser.parse(API_DEV, "{\"project\": \"a\", \"project\": \"b\"}", null);

        assertTrue(result.errors().get(0).message().contains("Duplicate field 'project'"), result.describeErrors());
    }

    @Test
    void aDocumentOverTheSsmLimitIsRejected() {
        String padded = Documents.example("api-dev")
                .set("/taskDefinition/environment/PADDING", "\"" + "x".repeat(8000) + "\"").json();

        ConfigResult result = parser.parse(API_DEV, padded, null);

        int bytes = padded.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(List.of("/ecs-deployer/dev/api: is " + bytes + " bytes; an SSM parameter holds at most 8192 bytes"
                + " (Advanced tier; the Standard tier holds 4096). Move shared values to the environment's _defaults document"),
                describe(result));
    }

    @Test
    void badInputNeverThrows() {
        List<String> inputs = List.of("null", "42", "\"text\"", "{\"taskDefinition\": []}", "{\"service\": {\"subnets\": [null, 1]}}",
                "{\"scaling\": {\"stepScaling\": {\"steps\": [1, {}]}}}", "{\"taskDefinition\": {\"cpu\": 1e40}}", "{} {}");
        for (String input : inputs) {
            ConfigResult result = parser.parse(API_DEV, input, null);
            assertFalse(result.valid(), input);
            assertNull(result.config(), input);
        }
    }

    @Test
    void theServiceDocumentIsLaidOverTheEnvironmentDefaults() {
        String defaults = "{\"project\": \"myapp\", \"service\": {\"cluster\": \"myapp-dev\", \"subnets\": [\"subnet-0a1b2c3d\"],"
                + " \"desiredCount\": 3}, \"taskDefinition\": {\"environment\": {\"NODE_ENV\": \"dev\", \"LOG_LEVEL\": \"debug\"}},"
                + " \"logGroup\": {\"retentionDays\": 14}}";
        String service = "{\"image\": {\"repository\": \"myapp/api\"}, \"taskDefinition\": {\"cpu\": 256, \"memory\": 512,"
                + " \"containerPort\": 3001, \"executionRoleArn\": \"arn:aws:iam::123456789012:role/exec\","
                + " \"environment\": {\"LOG_LEVEL\": \"info\"}}, \"service\": {\"subnets\": [\"subnet-0b1b2c3d\"]},"
                + " \"logGroup\": null}";

        ServiceConfig config = parser.parse(API_DEV, service, defaults).config();

        assertEquals("myapp", config.project());
        assertEquals("myapp-dev", config.service().cluster());
        assertEquals(3, config.service().desiredCount());
        assertEquals(List.of("subnet-0b1b2c3d"), config.service().subnets(), "arrays replace");
        assertEquals(Map.of("NODE_ENV", "dev", "LOG_LEVEL", "info"), config.taskDefinition().environment(), "objects merge");
        assertEquals(7, config.logGroup().retentionDays(), "null removes the inherited value");
    }

    @Test
    void costSettingsComeFromTheDefaultsAndAServiceMayOverrideOnePrice() {
        String defaults = "{\"cost\": {\"monthlyDeltaAlert\": 50, \"prices\": {\"eu-west-1\": {"
                + "\"X86_64\": {\"vcpuHour\": 0.04656, \"gbHour\": 0.00511},"
                + " \"ARM64\": {\"vcpuHour\": 0.03725, \"gbHour\": 0.00409}}}}}";
        String service = Documents.example("api-dev")
                .set("/cost", "{\"prices\": {\"eu-west-1\": {\"ARM64\": {\"vcpuHour\": 0.03, \"gbHour\": 0.004}}}}").json();

        CostConfig cost = parser.parse(API_DEV, service, defaults).config().cost();

        assertEquals(50.0, cost.monthlyDeltaAlert());
        assertEquals(Map.of(CpuArchitecture.X86_64, new FargatePriceConfig(0.04656, 0.00511),
                        CpuArchitecture.ARM64, new FargatePriceConfig(0.03, 0.004)),
                cost.prices().get("eu-west-1"), "objects merge down to the architecture");
    }

    @Test
    void aMissingProjectPointsAtTheDefaultsDocument() {
        ConfigResult result = parser.parse(API_DEV, Documents.example("api-dev").remove("/project").json(), "{}");

        assertEquals(List.of("project: is required (set it here or in the environment's _defaults document)"), describe(result));
    }

    @Test
    void theDefaultsDocumentIsNotAService() {
        ConfigLocation defaults = new ConfigLocation("ecs-deployer", "dev", ConfigLocation.DEFAULTS);

        assertEquals(List.of("/ecs-deployer/dev/_defaults: is the environment's shared defaults document, not a service;"
                + " it is merged under each service"), describe(parser.parse(defaults, "{}", null)));
    }

    @Test
    void anInvalidProjectIsReportedOnceNotInEveryNameBuiltFromIt() {
        Documents document = Documents.example("api-dev").set("/project", "\"my app\"");

        assertEquals(List.of("project: \"my app\" must be 1 to 255 letters, digits, hyphens or underscores"),
                describe(parser.parse(API_DEV, document.json(), null)));
    }

    @Test
    void anSsmParameterArnIsAValidSecretSource() {
        Documents document = Documents.example("api-dev")
                .set("/taskDefinition/secrets/API_KEY", "\"arn:aws:ssm:us-east-1:123456789012:parameter/myapp/dev/api-key\"");

        assertTrue(parser.parse(API_DEV, document.json(), null).valid());
    }

    private ServiceConfig parse(String example) {
        ConfigResult result = parser.parse(Documents.location(example), Documents.text(example), null);
        assertEquals(List.of(), result.errors());
        return result.config();
    }

    private static List<String> describe(ConfigResult result) {
        return result.errors().stream().map(ConfigError::describe).toList();
    }
}
