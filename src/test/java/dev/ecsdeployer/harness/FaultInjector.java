package dev.ecsdeployer.harness;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Test-wide control of the {@link FaultProxy}: which calls fail and how, and how many calls
 * (HTTP attempts, so retries show) each {@code Service.Operation} received, e.g.
 * {@code "ECS.RegisterTaskDefinition"}, {@code "CloudWatch.PutMetricAlarm"}.
 *
 * <p>Deterministic: fractions draw from a {@link Random} seeded by the test, one draw per call in
 * arrival order. {@link MotoExtension} resets it before every test.
 */
public final class FaultInjector {

    private static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(3);

    private static final Map<String, Deque<Fault>> scheduled = new HashMap<>();
    private static final Map<String, Integer> calls = new TreeMap<>();
    private static final Map<String, Integer> injected = new TreeMap<>();
    private static double fraction;
    private static Fault fractionFault;
    private static Random random;
    private static Duration timeoutDelay = DEFAULT_TIMEOUT_DELAY;

    private FaultInjector() {
    }

    /** Forgets all faults and counts. */
    public static synchronized void reset() {
        scheduled.clear();
        calls.clear();
        injected.clear();
        fraction = 0;
        fractionFault = null;
        random = null;
        timeoutDelay = DEFAULT_TIMEOUT_DELAY;
    }

    /** Every call from now on fails with {@code fault} with probability {@code share}. */
    public static synchronized void failFraction(double share, Fault fault, long seed) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("share must be within [0, 1], was " + share);
        }
        fraction = share;
        fractionFault = fault;
        random = new Random(seed);
    }

    public static void throttleFraction(double share, long seed) {
        failFraction(share, Fault.THROTTLING, seed);
    }

    /** The next call of {@code operation} ("Service.Operation") fails with {@code fault}. */
    public static void failNext(String operation, Fault fault) {
        failNext(operation, fault, 1);
    }

    /** The next {@code times} calls of {@code operation} fail with {@code fault}. */
    public static synchronized void failNext(String operation, Fault fault, int times) {
        Deque<Fault> queue = scheduled.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    /** How long a {@link Fault#TIMEOUT} holds the connection before closing it. */
    public static synchronized void timeoutDelay(Duration delay) {
        timeoutDelay = delay;
    }

    static synchronized Duration timeoutDelay() {
        return timeoutDelay;
    }

    /** Calls (attempts) received per operation, faulted ones included; an immutable snapshot. */
    public static synchronized Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }

    public static synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    public static synchronized int totalCalls() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Faults injected per operation; an immutable snapshot. */
    public static synchronized Map<String, Integer> injected() {
        return Map.copyOf(injected);
    }

    public static synchronized int totalInjected() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Called by the proxy for every incoming call: counts it and decides its fate. */
    static synchronized Optional<Fault> onCall(String operation) {
        calls.merge(operation, 1, Integer::sum);
        Fault fault = null;
        Deque<Fault> queue = scheduled.get(operation);
        if (queue != null && !queue.isEmpty()) {
            fault = queue.poll();
        } else if (random != null && random.nextDouble() < fraction) {
            fault = fractionFault;
        }
        if (fault != null) {
            injected.merge(operation, 1, Integer::sum);
        }
        return Optional.ofNullable(fault);
    }
}
