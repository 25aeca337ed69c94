package dev.ecsdeployer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK retry settings come from configuration; unset, they are the production values. */
class RetrySettingsTest {

    @Test
    void unsetTheyAreTheProductionValues() {
        AwsClientSettings settings = retry(Map.of()).applyTo(AwsClientSettings.DEFAULTS);

        assertEquals(AwsClientSettings.DEFAULTS, settings);
        assertEquals(8, settings.retryStrategy().maxAttempts());
    }

    @Test
    void theConfiguredAttemptsAndBackoffsReachTheClientsRetryStrategy() {
        RetrySettings retry = retry(Map.of("ecs-deployer.retry.attempts", "3",
                "ecs-deployer.retry.base-backoff", "5ms",
                "ecs-deployer.retry.throttling-base-backoff", "10ms",
                "ecs-deployer.retry.max-backoff", "100ms"));

        AwsClientSettings settings = retry.applyTo(AwsClientSettings.DEFAULTS);

        assertEquals(3, settings.retryStrategy().maxAttempts());
        assertEquals(Duration.ofMillis(5), settings.baseDelay());
        assertEquals(Duration.ofMillis(10), settings.throttlingBaseDelay());
        assertEquals(Duration.ofMillis(100), settings.maxBackoff());
        assertEquals(AwsClientSettings.API_CALL_TIMEOUT, settings.apiCallTimeout(), "timeouts are not retry settings");
    }

    /** The mapping as Quarkus reads it (its duration format: 5ms, 1s, PT20S). */
    private static RetrySettings retry(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RetrySettings.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", properties) { })
                .build();
        return config.getConfigMapping(RetrySettings.class);
    }
}
