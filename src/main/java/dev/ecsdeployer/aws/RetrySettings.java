package dev.ecsdeployer.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The SDK retry settings, as configuration ({@code ecs-deployer.retry.*}, or
 * {@code ECS_DEPLOYER_RETRY_ATTEMPTS} and so on). The defaults are the production values that
 * {@link AwsClientSettings} explains; the test profile shortens the backoffs so that tests injecting
 * faults do not wait as long as AWS's throttling buckets need.
 */
@ConfigMapping(prefix = "ecs-deployer.retry")
public interface RetrySettings {

    /** Total attempts per API call, the first included. */
    @WithDefault("8")
    int attempts();

    /** Backoff base for retryable errors other than throttling (5xx, I/O). */
    @WithDefault("100ms")
    Duration baseBackoff();

    /** Backoff base for throttling errors. */
    @WithDefault("1s")
    Duration throttlingBaseBackoff();

    /** The longest single backoff. */
    @WithDefault("20s")
    Duration maxBackoff();

    /** {@code settings} with these retries. */
    default AwsClientSettings applyTo(AwsClientSettings settings) {
        return settings.withMaxAttempts(attempts()).withBackoff(baseBackoff(), throttlingBaseBackoff(), maxBackoff());
    }
}
