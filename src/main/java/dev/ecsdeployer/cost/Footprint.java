package dev.ecsdeployer.cost;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Objects;

/** A task size times a task count: what a service is billed for while it runs. */
@RegisterForReflection
public record Footprint(TaskSize size, int tasks) {

    public Footprint {
        Objects.requireNonNull(size, "size");
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be 0 or more, was " + tasks);
        }
    }

    public Footprint withTasks(int count) {
        return new Footprint(size, count);
    }

    /** {@code 512/1024 ARM64 × 2}. */
    public String describe() {
        return size.describe() + " × " + tasks;
    }
}
