package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * How long the parser takes per document, as the drift check parses every config of an environment:
 * {@code ./mvnw test -Dtest=ConfigParseBenchmark -Dbench.config=true}. Prints CPU microseconds per parse
 * (after a warm-up) for valid documents and for documents with a mistake.
 */
@EnabledIfSystemProperty(named = "bench.config", matches = "true")
class ConfigParseBenchmark {

    private static final int WARM_UP = 20_000;
    private static final int PARSES = 1_000;
    private static final int ROUNDS = 5;

    // CPU time, not wall time: the build machine is shared, and a parse does no I/O.
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @Test
    void parsesPerDocument() {
        List<Documents> valid = Documents.EXAMPLE_NAMES.stream().map(Documents::example).toList();
        List<Documents> invalid = RejectedCases.ALL.stream().map(RejectedCases.Case::document).toList();
        run(valid, WARM_UP);
        run(invalid, WARM_UP);
        for (int round = 1; round <= ROUNDS; round++) {
            System.out.printf("config parse, round %d: valid %.1f us, invalid %.1f us CPU per parse (%d parses each)%n",
                    round, run(valid, PARSES), run(invalid, PARSES), PARSES);
        }
    }

    /** Microseconds per parse over {@code count} parses of the documents in turn. */
    private double run(List<Documents> documents, int count) {
        List<String> texts = documents.stream().map(Documents::json).toList();
        List<ConfigLocation> locations = documents.stream().map(Documents::location).toList();
        long valid = 0;
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            int k = i % texts.size();
            valid += parser.parse(locations.get(k), texts.get(k), null).valid() ? 1 : 0;
        }
        long elapsed = CPU.getCurrentThreadCpuTime() - start;
        if (valid < 0) {
            throw new AssertionError();
        }
        return elapsed / 1000.0 / count;
    }
}
