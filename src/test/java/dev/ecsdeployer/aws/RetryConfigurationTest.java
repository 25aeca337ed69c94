package dev.ecsdeployer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeployer.harness.MotoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The function's clients take their retries from configuration: the test profile
 * (application.properties, {@code %test.ecs-deployer.retry.*}) keeps the production attempts and
 * shortens the backoffs, so that tests injecting faults on every attempt do not wait seconds each.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class RetryConfigurationTest {

    @Inject
    AwsClients aws;

    @Test
    void theTestProfileKeepsTheAttemptsAndShortensTheBackoffs() {
        AwsClientSettings settings = aws.factory().settings();

        assertEquals(AwsClientSettings.MAX_ATTEMPTS, settings.maxAttempts());
        assertEquals(Duration.ofMillis(5), settings.baseDelay());
        assertEquals(Duration.ofMillis(10), settings.throttlingBaseDelay());
        assertEquals(Duration.ofMillis(100), settings.maxBackoff());
    }
}
