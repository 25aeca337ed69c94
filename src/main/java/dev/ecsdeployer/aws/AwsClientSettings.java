package dev.ecsdeployer.aws;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Every number that shapes how the deployer talks to AWS: retries and timeouts.
 *
 * <p>Why these values. The deployer's hottest write APIs are throttled hard: ECS
 * RegisterTaskDefinition allows 1 call/s sustained (burst 20), UpdateService 5/s, CloudWatch
 * PutMetricAlarm 3/s; describes and SSM reads share account-wide buckets with other tools. The SDK
 * default (3 attempts) gives up after about a second of throttling, which a fleet-wide drift check
 * or a burst of ECR pushes reaches easily. So:
 * <ul>
 *   <li>{@link #MAX_ATTEMPTS} 8: seven retries. With full jitter on a 1 s throttling base delay
 *       doubling to a 20 s cap, the expected total wait is about 35 s, enough for a 1/s bucket to
 *       refill many times over while staying well inside a Lambda timeout.</li>
 *   <li>Throttling errors back off from {@link #THROTTLING_BASE_DELAY} (1 s, the refill period of
 *       the slowest bucket); other transient errors (5xx, I/O) from {@link #BASE_DELAY} (100 ms)
 *       since they are rarely rate-related. Both use exponential backoff with full jitter
 *       (delay = random(0, min(cap, base * 2^attempt))) so concurrent Lambdas spread out.</li>
 *   <li>The SDK's retry-quota circuit breaker stays on: during a real outage it stops every call
 *       from burning its full retry budget.</li>
 *   <li>Timeouts: an attempt that hangs is abandoned after {@link #ATTEMPT_TIMEOUT} and retried;
 *       a whole call (all attempts and backoff) is capped at {@link #API_CALL_TIMEOUT} so a run
 *       ends with a report instead of being killed by the Lambda timeout.</li>
 * </ul>
 *
 * @param maxAttempts total attempts per API call, first included
 * @param baseDelay backoff base for non-throttling retryable errors
 * @param throttlingBaseDelay backoff base for throttling errors
 * @param maxBackoff cap of a single backoff delay
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read timeout on an open connection
 * @param attemptTimeout timeout of one HTTP attempt
 * @param apiCallTimeout timeout of a whole API call, retries included
 */
public record AwsClientSettings(
        int maxAttempts,
        Duration baseDelay,
        Duration throttlingBaseDelay,
        Duration maxBackoff,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration attemptTimeout,
        Duration apiCallTimeout) {

    public static final int MAX_ATTEMPTS = 8;
    public static final Duration BASE_DELAY = Duration.ofMillis(100);
    public static final Duration THROTTLING_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(25);
    public static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(2);

    /** The settings production uses. */
    public static final AwsClientSettings DEFAULTS = new AwsClientSettings(
            MAX_ATTEMPTS, BASE_DELAY, THROTTLING_BASE_DELAY, MAX_BACKOFF,
            CONNECT_TIMEOUT, SOCKET_TIMEOUT, ATTEMPT_TIMEOUT, API_CALL_TIMEOUT);

    public AwsClientSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(throttlingBaseDelay, "throttlingBaseDelay");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
    }

    /**
     * A fresh retry strategy. Each client gets its own so that one service's throttling does not
     * drain another service's retry quota.
     */
    public RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxBackoff))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBaseDelay, maxBackoff))
                .build();
    }

    public AwsClientSettings withMaxAttempts(int value) {
        return new AwsClientSettings(value, baseDelay, throttlingBaseDelay, maxBackoff,
                connectTimeout, socketTimeout, attemptTimeout, apiCallTimeout);
    }

    public AwsClientSettings withBackoff(Duration base, Duration throttlingBase, Duration max) {
        return new AwsClientSettings(maxAttempts, base, throttlingBase, max,
                connectTimeout, socketTimeout, attemptTimeout, apiCallTimeout);
    }

    public AwsClientSettings withTimeouts(Duration socket, Duration attempt, Duration apiCall) {
        return new AwsClientSettings(maxAttempts, baseDelay, throttlingBaseDelay, maxBackoff,
                connectTimeout, socket, attempt, apiCall);
    }
}
