package dev.ecsdeployer.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The task cpu/memory pairs Fargate accepts (ECS developer guide, "Task CPU and memory"),
 * cpu in CPU units and memory in MiB. 8192 and 16384 CPU need Linux platform version 1.4.0+.
 */
public final class FargateSizes {

    static final List<Integer> CPUS = List.of(256, 512, 1024, 2048, 4096, 8192, 16384);

    private static final Map<Integer, List<Integer>> MEMORY_BY_CPU = Map.of(
            256, List.of(512, 1024, 2048),
            512, steps(1024, 4096, 1024),
            1024, steps(2048, 8192, 1024),
            2048, steps(4096, 16384, 1024),
            4096, steps(8192, 30720, 1024),
            8192, steps(16384, 61440, 4096),
            16384, steps(32768, 122880, 8192));

    private FargateSizes() {
    }

    public static boolean isValidCpu(int cpu) {
        return MEMORY_BY_CPU.containsKey(cpu);
    }

    public static boolean isValidPair(int cpu, int memory) {
        return isValidCpu(cpu) && MEMORY_BY_CPU.get(cpu).contains(memory);
    }

    /** Short lists in full ("1024, 2048, 3072, 4096"), long ones as a range ("4096 to 16384 in steps of 1024"). */
    static String allowedMemory(int cpu) {
        List<Integer> memory = MEMORY_BY_CPU.get(cpu);
        if (memory.size() <= 8) {
            return memory.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return memory.get(0) + " to " + memory.get(memory.size() - 1) + " in steps of " + (memory.get(1) - memory.get(0));
    }

    static String allowedCpus() {
        return CPUS.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static List<Integer> steps(int from, int to, int step) {
        return IntStream.iterate(from, m -> m <= to, m -> m + step).boxed().toList();
    }
}
