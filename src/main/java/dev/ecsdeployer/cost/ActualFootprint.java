package dev.ecsdeployer.cost;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.config.CpuArchitecture;
import dev.ecsdeployer.desired.TaskDefinitionSpec;

/**
 * What the running service is billed for, from the state already read for planning: the task
 * size of the revision it runs times its desired count. The desired count rather than the
 * running count: during a rollout ECS briefly runs old and new tasks side by side, and the bill
 * settles back to the desired count once it is done.
 */
public final class ActualFootprint {

    private ActualFootprint() {
    }

    /** Null when no service runs, or its task definition has no task-level size (never the case on Fargate). */
    public static Footprint of(ActualState actual) {
        if (actual == null || !actual.serviceExists()) {
            return null;
        }
        TaskSize size = size(actual.taskDefinition());
        Integer count = actual.service().desiredCount();
        if (size == null || count == null) {
            return null;
        }
        java.util.Map<String, int[]> strategy = new java.util.TreeMap<>();
        var running = actual.service().spec() == null ? null : actual.service().spec().capacityProviderStrategy();
        if (running != null) {
            running.forEach((provider, item) -> strategy.put(provider, new int[] {item.base(), item.weight()}));
        }
        return new Footprint(size, count, Footprint.spotShare(count, strategy),
                actual.taskDefinition().ephemeralStorageGiB());
    }

    /** The size of a normalised task definition: cpu in units and memory in MiB, as strings. */
    static TaskSize size(TaskDefinitionSpec definition) {
        if (definition == null || definition.cpu() == null || definition.memory() == null) {
            return null;
        }
        try {
            return new TaskSize(Integer.parseInt(definition.cpu()), Integer.parseInt(definition.memory()),
                    // ECS runs a task definition without a runtime platform on X86_64.
                    definition.cpuArchitecture() == null ? CpuArchitecture.X86_64
                            : CpuArchitecture.valueOf(definition.cpuArchitecture()));
        } catch (IllegalArgumentException e) {
            // A fractional size or an architecture this deployer does not know cannot be priced.
            return null;
        }
    }
}
