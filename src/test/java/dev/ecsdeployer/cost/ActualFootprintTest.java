package dev.ecsdeployer.cost;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import org.junit.jupiter.api.Test;
import dev.ecsdeployer.actual.ServiceState;

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
        ServiceState service = running(2);

        assertEquals(new Footprint(new TaskSize(16384, 32768, ARM64), 2),
                ActualFootprint.of(state(service, spec("16384", "32768", "ARM64"))));
    }

    @Test
    void aTaskDefinitionWithoutAnArchitectureRunsOnX86() {
        ServiceState service = running(1);

        assertEquals(new Footprint(new TaskSize(256, 512, X86_64), 1),
                ActualFootprint.of(state(service, spec("256", "512", null))));
    }

    @Test
    void noServiceOrNoPriceableSizeIsNoFootprint() {
        ServiceState service = running(1);

        assertNull(ActualFootprint.of(state(null, null)));
        assertNull(ActualFootprint.of(state(service, spec(null, null, "X86_64"))), "container-level sizes only");
        assertNull(ActualFootprint.of(state(service, spec("256", "512", "RISCV"))), "an unknown architecture");
    }

    private static TaskDefinitionSpec spec(String cpu, String memory, String architecture) {
        return new TaskDefinitionSpec("myapp-prod-api", cpu, memory, architecture, "LINUX", "awsvpc", List.of("FARGATE"),
                null, null, null);
    }

    private static ActualState state(ServiceState service, TaskDefinitionSpec definition) {
        return new ActualState(null, service, definition, null, null, false);
    }

    private static ServiceState running(int desiredCount) {
        return new ServiceState("arn:aws:ecs:us-east-1:123456789012:service/c/s", "arn:td", desiredCount, null, null,
                null, Map.of(), null);
    }
}
