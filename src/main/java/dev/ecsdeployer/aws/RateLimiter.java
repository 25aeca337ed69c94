package dev.ecsdeployer.aws;

import java.time.Duration;

/**
 * A client-side token bucket in front of one AWS throttling bucket, so that a fleet-wide read
 * paces itself instead of draining the account's bucket and living on throttling retries (which
 * also starve other tools of the same account: CI deploys, the console).
 *
 * <p>{@link #acquire()} takes a token, waiting for one when the bucket is empty. The buckets are
 * shared by every caller in the Lambda instance ({@code static}), because AWS meters per account and
 * region, not per client. Each one is set to about three quarters of the account's default (ECS API
 * reference "Request throttling", CloudWatch quotas), leaving the rest to everything else.
 */
public final class RateLimiter {

    /** ECS service read bucket (DescribeServices, ListServices): AWS 100 burst, 20/s. */
    public static final RateLimiter ECS_SERVICE_READ = new RateLimiter("ecs-service-read", 75, 15);
    /** ECS task definition read bucket (DescribeTaskDefinition, ...): AWS 50 burst, 20/s. */
    public static final RateLimiter ECS_TASK_DEFINITION_READ = new RateLimiter("ecs-task-definition-read", 35, 15);
    /** CloudWatch DescribeAlarms: AWS 9/s. */
    public static final RateLimiter CLOUDWATCH_DESCRIBE_ALARMS = new RateLimiter("cloudwatch-describe-alarms", 6, 6);
    /**
     * SSM parameter reads (GetParameter, GetParameters, GetParametersByPath): AWS's default throughput is 40/s
     * shared by them (Systems Manager quotas). A page chain at 30 ms a call would ask for 33/s on its own.
     */
    public static final RateLimiter SSM_PARAMETER_READ = new RateLimiter("ssm-parameter-read", 30, 30);
    /**
     * CloudWatch Logs DescribeLogGroups: no figure found in AWS's documentation; 10/s assumed (the rate the
     * fleet benchmark meters), so a 30 ms page chain (33/s) does not outrun it.
     */
    public static final RateLimiter LOGS_DESCRIBE_LOG_GROUPS = new RateLimiter("logs-describe-log-groups", 7, 7);

    /**
     * The call duration concurrency is sized for: a slow AWS describe, so that a slow moment still
     * keeps enough calls in flight to use the bucket's rate (a fast one only waits for tokens).
     */
    public static final Duration SIZING_LATENCY = Duration.ofMillis(250);

    /**
     * How many invocations share the account's buckets right now: the shards of a fanned-out drift
     * check run at once, one per Lambda instance, each with its own limiters; each takes its share.
     */
    private static volatile int shares = 1;

    private final String name;
    private final double burst;
    private final double perSecond;
    private double tokens;
    private long last;
    /** Time callers spent waiting for tokens, summed over threads: how much the limit paces a check. */
    private final java.util.concurrent.atomic.AtomicLong waited = new java.util.concurrent.atomic.AtomicLong();

    public RateLimiter(String name, double burst, double perSecond) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a bucket needs a burst of at least 1 and a positive rate");
        }
        this.name = name;
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes a token, sleeping until one is there. Callers reserve tokens in the order they arrive. */
    public void acquire() {
        Duration wait;
        synchronized (this) {
            refill();
            tokens -= 1; // may go negative: the caller waits for its token to accrue
            wait = tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / rate() * 1e9));
        }
        if (!wait.isZero()) {
            waited.addAndGet(wait.toNanos());
            try {
                Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(Math.max(1, burst / shares), tokens + (now - last) / 1e9 * rate());
        last = now;
    }

    private double rate() {
        return perSecond / shares;
    }

    /**
     * This invocation's share of {@code calls} in flight, at least one: for an API with no published
     * rate to make a bucket of (Application Auto Scaling), where the shards share a number of calls
     * in flight instead.
     */
    public static int shareOf(int calls) {
        return Math.max(1, calls / shares);
    }

    /**
     * Runs {@code work} with every bucket at 1/{@code invocations} of its burst (at least one token) and
     * rate: for one of {@code invocations} shard invocations that run at the same time in the same
     * account, so that together they stay inside the account's buckets. Back to the whole after.
     */
    public static <T> T sharedAmong(int invocations, java.util.function.Supplier<T> work) {
        if (invocations < 1) {
            throw new IllegalArgumentException("invocations sharing the buckets must be at least 1, was " + invocations);
        }
        shares = invocations;
        try {
            return work.get();
        } finally {
            shares = 1;
        }
    }

    /**
     * How many calls must be in flight to use this bucket's sustained rate when each takes
     * {@link #SIZING_LATENCY}: rate x latency (Little's law), at least one. More threads would only wait.
     */
    public int concurrency() {
        return Math.max(1, (int) Math.ceil(perSecond * SIZING_LATENCY.toNanos() / 1e9));
    }

    /** Nanoseconds callers have waited for this bucket's tokens since the instance started. */
    public long waitedNanos() {
        return waited.get();
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " (" + (int) burst + " burst, " + perSecond + "/s)";
    }
}
