package dev.ecsdeployer.bench;

import dev.ecsdeployer.bench.DriftFleetBenchmark.Edit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet a seeding run left in a long-running moto, as the runs that check it later need it: its
 * size and its hand-edited services. Written next to moto's PID file ({@code fleet.txt}); the edits
 * are also derived from the size alone ({@link #planned}), so a check without the record still
 * knows which ten (or hundred) services must drift.
 *
 * @param services the services seeded
 * @param seedSeconds how long the seeding took
 * @param edits the hand edits, by service name
 */
record SeededFleet(int services, double seedSeconds, Map<String, Edit> edits) {

    private static final Pattern HEADER = Pattern.compile("# fleet of (\\d+) services seeded in ([0-9.]+) s");

    SeededFleet {
        edits = Map.copyOf(edits);
    }

    /** 1 % of the services, at least one, spread over the fleet; edits round-robin. Derived from n alone. */
    static Map<String, Edit> planned(int n) {
        int count = Math.max(1, n / 100);
        int stride = n / count;
        Map<String, Edit> edits = new TreeMap<>();
        for (int k = 0; k < count; k++) {
            edits.put(name(k * stride + stride / 2), Edit.values()[k % Edit.values().length]);
        }
        return edits;
    }

    /** The name of the i-th seeded service (and of its config). */
    static String name(int i) {
        return String.format(Locale.ROOT, "svc-%04d", i);
    }

    /** A header line with the size and the seeding time, then one "service=EDIT" line per hand edit. */
    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "# fleet of %d services seeded in %.1f s; the hand-edited services:",
                services, seedSeconds));
        new TreeMap<>(edits).forEach((service, edit) -> lines.add(service + "=" + edit));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, lines);
    }

    static SeededFleet read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Matcher header = HEADER.matcher(lines.isEmpty() ? "" : lines.get(0));
        if (!header.lookingAt()) {
            throw new IllegalArgumentException(file + " is not a seeded fleet's record: its first line must read '"
                    + "# fleet of N services seeded in S s', got " + (lines.isEmpty() ? "an empty file" : lines.get(0)));
        }
        Map<String, Edit> edits = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("=", 2);
            try {
                edits.put(parts[0].trim(), Edit.valueOf(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": '" + line + "' is not service=EDIT with EDIT one of "
                        + List.of(Edit.values()), e);
            }
        }
        return new SeededFleet(Integer.parseInt(header.group(1)), Double.parseDouble(header.group(2)), edits);
    }
}
