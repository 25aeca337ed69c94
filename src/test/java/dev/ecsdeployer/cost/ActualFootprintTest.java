package dev.ecsdeployer.cost;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.List;
import java.util.Map;

import static dev.ecsdeployer.config.CpuArchitecture.ARM64;
import static dev.ecsdeployer.config.CpuArchitecture.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The running footprint comes from the task definition the service runs and its desired count. */
class ActualFootprintTest {

    @Test
    void theRunningRevisionsSizeAndArchitectureTimesTheDesiredCount() {
        Service service = Service.builder().desiredCount(2).runningCount(4).build();

        assertEquals(new Footprint(new TaskSize(16384, 32768, ARM64), 2),
                ActualFootprint.of(state(service, spec("16384", "32768", "ARM64"))));
    }

    @Test
    void aTaskDefinitionWithoutAnArchitectureRunsOnX86() {
        Service service = Service.builder().desiredCount(1).build();

        assertEquals(new Footprint(new TaskSize(256, 512, X86_64), 1),
                ActualFootprint.of(state(service, spec("256", "512", null))));
    }

    @Test
    void noServiceOrNoPriceableSizeIsNoFootprint() {
        Service service = Service.builder().desiredCount(1).build();

        assertNull(ActualFootprint.of(state(null, null)));
        assertNull(ActualFootprint.of(state(service, spec(null, null, "X86_64"))), "container-level sizes only");
        assertNull(ActualFootprint.of(state(service, spec("256", "512", "RISCV"))), "an unknown architecture");
    }

    private static TaskDefinitionSpec spec(String cpu, String memory, String architecture) {
        return new TaskDefinitionSpec("myapp-prod-api", cpu, memory, architecture, "LINUX", "awsvpc", List.of("FARGATE"),
                null, null, null);
    }

    private static ActualState state(Service service, TaskDefinitionSpec definition) {
        return new ActualState(null, service, definition, null, Map.of(), null, false);
    }
}
