package dev.ecsdeployer.cost;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Objects;

/** A task size times a task count: what a service is billed for while it runs. */
@RegisterForReflection
public record Footprint(
        TaskSize size,
        int tasks,
        // Absent from reports when none: a service on its launch type with Fargate's free storage.
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal spotTasks,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer ephemeralStorageGiB) {

    public Footprint {
        Objects.requireNonNull(size, "size");
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be 0 or more, was " + tasks);
        }
        spotTasks = spotTasks == null || spotTasks.signum() == 0 ? null : spotTasks;
        ephemeralStorageGiB = ephemeralStorageGiB == null || ephemeralStorageGiB <= FREE_STORAGE_GIB ? null
                : ephemeralStorageGiB;
    }

    /** Fargate includes 20 GiB of ephemeral storage in every task. */
    public static final int FREE_STORAGE_GIB = 20;

    public Footprint(TaskSize size, int tasks) {
        this(size, tasks, null, null);
    }

    /** The same with {@code count} tasks, Spot keeping its share. */
    public Footprint withTasks(int count) {
        return new Footprint(size, count, spotTasks == null || tasks == 0 ? null
                : spotTasks.multiply(BigDecimal.valueOf(count)).divide(BigDecimal.valueOf(tasks), MathContext.DECIMAL64),
                ephemeralStorageGiB);
    }

    /**
     * How many of {@code tasks} a capacity provider strategy puts on Fargate Spot: the base on its provider first,
     * the rest split by weight (ECS's rule), as an expected number.
     *
     * @param strategy capacity provider → {base, weight}; empty: the launch type, no Spot
     */
    public static BigDecimal spotShare(int tasks, Map<String, int[]> strategy) {
        if (strategy.isEmpty() || tasks == 0) {
            return null;
        }
        int spotBase = 0;
        int base = 0;
        int spotWeight = 0;
        int totalWeight = 0;
        for (Map.Entry<String, int[]> e : strategy.entrySet()) {
            boolean spot = e.getKey().equals(SPOT);
            base += e.getValue()[0];
            spotBase += spot ? e.getValue()[0] : 0;
            totalWeight += e.getValue()[1];
            spotWeight += spot ? e.getValue()[1] : 0;
        }
        int based = Math.min(base, tasks);
        BigDecimal fromBase = BigDecimal.valueOf(Math.min(spotBase, tasks));
        if (totalWeight == 0) {
            return fromBase;
        }
        return fromBase.add(BigDecimal.valueOf((long) (tasks - based) * spotWeight)
                .divide(BigDecimal.valueOf(totalWeight), MathContext.DECIMAL64));
    }

    public static final String SPOT = "FARGATE_SPOT";

    /** {@code 512/1024 ARM64 × 2}, with the Spot share and storage when there are. */
    public String describe() {
        return size.describe() + " × " + tasks
                + (spotTasks == null ? "" : " (" + spotTasks.stripTrailingZeros().toPlainString() + " on Spot)")
                + (ephemeralStorageGiB == null ? "" : ", " + ephemeralStorageGiB + " GiB storage");
    }
}
