package dev.ecsdeployer.bench;

import dev.ecsdeployer.bench.DriftFleetBenchmark.Edit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A check run against a fleet seeded earlier must know the same hand-edited services the seeding made. */
class SeededFleetTest {

    @Test
    void onePercentSpreadOverTheFleetRoundRobin() {
        Map<String, Edit> edits = SeededFleet.planned(10_000);
        assertEquals(100, edits.size());
        assertEquals(Edit.TASK_MEMORY, edits.get("svc-0050"));
        assertEquals(Edit.SCALING_MAX, edits.get("svc-0150"));
        assertEquals(Edit.ALARM_DELETED, edits.get("svc-0250"));
        assertEquals(Edit.TASK_MEMORY, edits.get("svc-9950"));
        assertEquals(Map.of("svc-0005", Edit.TASK_MEMORY), SeededFleet.planned(10));
        assertEquals(SeededFleet.planned(10_000), SeededFleet.planned(10_000));
    }

    @Test
    void theRecordReadsBackAsWritten(@TempDir Path dir) throws Exception {
        SeededFleet seeded = new SeededFleet(1000, 216.6, SeededFleet.planned(1000));
        Path file = dir.resolve("moto-55123/fleet.txt");
        seeded.write(file);
        assertTrue(Files.readAllLines(file).get(0).startsWith("# fleet of 1000 services seeded in 216.6 s"));
        assertEquals(seeded, SeededFleet.read(file));
    }

    @Test
    void aFileThatIsNotARecordIsRefusedSayingWhatItMustBe(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.txt");
        Files.writeString(file, "MOTO_PID=1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeededFleet.read(file));
        assertTrue(e.getMessage().contains("# fleet of N services seeded in S s"), e.getMessage());
        Files.writeString(file, "# fleet of 10 services seeded in 1.0 s\nsvc-0005=MEMORY\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeededFleet.read(file));
        assertTrue(e.getMessage().contains("svc-0005=MEMORY") && e.getMessage().contains("TASK_MEMORY"), e.getMessage());
    }
}
