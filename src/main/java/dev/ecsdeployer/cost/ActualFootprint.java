package dev.ecsdeployer.cost;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.config.CpuArchitecture;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

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
        Service service = actual.service();
        return size == null || service.desiredCount() == null ? null : new Footprint(size, service.desiredCount());
    }

    static TaskSize size(TaskDefinition definition) {
        if (definition == null || definition.cpu() == null || definition.memory() == null) {
            return null;
        }
        try {
            return new TaskSize(Integer.parseInt(definition.cpu().trim()), Integer.parseInt(definition.memory().trim()),
                    architecture(definition));
        } catch (IllegalArgumentException e) {
            // ECS returns CPU units and MiB (it converts "1 vCPU" and "2 GB"); anything else, or an unknown architecture, cannot be priced.
            return null;
        }
    }

    // ECS runs a task definition without a runtime platform on X86_64.
    private static CpuArchitecture architecture(TaskDefinition definition) {
        if (definition.runtimePlatform() == null || definition.runtimePlatform().cpuArchitectureAsString() == null) {
            return CpuArchitecture.X86_64;
        }
        return CpuArchitecture.valueOf(definition.runtimePlatform().cpuArchitectureAsString());
    }
}
