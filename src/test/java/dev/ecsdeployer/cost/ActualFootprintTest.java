package dev.ecsdeployer.cost;

import dev.ecsdeployer.actual.ActualState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Map;

import static dev.ecsdeployer.config.CpuArchitecture.ARM64;
import static dev.ecsdeployer.config.CpuArchitecture.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The running footprint comes from the task definition the service runs and its desired count. */
class ActualFootprintTest {

    @Test
    void theRunningRevisionsSizeAndArchitectureTimesTheDesiredCount() {
        TaskDefinition resized = TaskDefinition.builder().cpu("16384").memory("32768")
                .runtimePlatform(p -> p.cpuArchitecture(CPUArchitecture.ARM64)).build();
        Service service = Service.builder().desiredCount(2).runningCount(4).build();

        assertEquals(new Footprint(new TaskSize(16384, 32768, ARM64), 2), ActualFootprint.of(state(service, resized)));
    }

    @Test
    void aTaskDefinitionWithoutARuntimePlatformRunsOnX86() {
        TaskDefinition plain = TaskDefinition.builder().cpu("256").memory("512").build();
        Service service = Service.builder().desiredCount(1).build();

        assertEquals(new Footprint(new TaskSize(256, 512, X86_64), 1), ActualFootprint.of(state(service, plain)));
    }

    @Test
    void noServiceOrNoTaskLevelSizeIsNoFootprint() {
        TaskDefinition containerSized = TaskDefinition.builder().build();

        assertNull(ActualFootprint.of(state(null, null)));
        assertNull(ActualFootprint.of(state(Service.builder().desiredCount(1).build(), containerSized)));
    }

    private static ActualState state(Service service, TaskDefinition definition) {
        return new ActualState(null, service, definition, Map.of(), null);
    }
}
