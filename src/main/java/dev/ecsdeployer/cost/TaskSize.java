package dev.ecsdeployer.cost;

import dev.ecsdeployer.config.CpuArchitecture;
import dev.ecsdeployer.config.TaskDefinitionConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/** What Fargate bills one task for: {@code cpu} in CPU units (1024 = 1 vCPU), {@code memory} in MiB. */
@RegisterForReflection
public record TaskSize(int cpu, int memory, CpuArchitecture cpuArchitecture) {

    private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);
    private static final BigDecimal MIB_PER_GB = BigDecimal.valueOf(1024);

    public TaskSize {
        Objects.requireNonNull(cpuArchitecture, "cpuArchitecture");
    }

    /** The size a resolved config asks for (X86_64 when the architecture is unset, as ECS does). */
    public static TaskSize of(TaskDefinitionConfig task) {
        return new TaskSize(task.cpu(), task.memory(),
                task.cpuArchitecture() == null ? CpuArchitecture.X86_64 : task.cpuArchitecture());
    }

    public BigDecimal vcpu() {
        return BigDecimal.valueOf(cpu).divide(UNITS_PER_VCPU, MathContext.DECIMAL64);
    }

    public BigDecimal gb() {
        return BigDecimal.valueOf(memory).divide(MIB_PER_GB, MathContext.DECIMAL64);
    }

    /** {@code 512/1024 ARM64}: cpu units / MiB, as in the config. */
    public String describe() {
        return cpu + "/" + memory + " " + cpuArchitecture.name();
    }
}
