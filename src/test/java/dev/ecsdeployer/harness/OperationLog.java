package dev.ecsdeployer.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The AWS operations ({@code Service.Operation}, as {@link FaultInjector} names them) the
 * deployer's code called during a test run, for the check that the Lambda role allows each one
 * ({@code IamCoverageIT}). The {@link FaultProxy} records every call it sees that {@link
 * HarnessCallMarker} did not mark as the tests' own; each JVM appends the distinct operations to
 * its own file under {@code target/aws-operations/}, which the build empties before the tests run
 * (pom.xml, execution {@code forget-recorded-aws-operations}).
 */
public final class OperationLog {

    /** Where the files go; relative to the module directory, where Maven runs the tests. */
    public static final Path DIRECTORY = Path.of("target", "aws-operations");

    private static final Set<String> seen = new HashSet<>();
    private static Path file;

    private OperationLog() {
    }

    /** Records one call of {@code operation} by the deployer's code (only the first is written). */
    static synchronized void record(String operation) {
        if (!seen.add(operation)) {
            return;
        }
        try {
            if (file == null) {
                Files.createDirectories(DIRECTORY);
                file = DIRECTORY.resolve("jvm-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + ".txt");
            }
            Files.writeString(file, operation + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + operation + " under " + DIRECTORY, e);
        }
    }

    /** What this JVM recorded so far. */
    static synchronized Set<String> recorded() {
        return Set.copyOf(seen);
    }

    /** Every operation recorded in {@code directory} by any JVM, sorted; empty if none. */
    public static Set<String> readAll(Path directory) {
        Set<String> all = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return all;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                Files.readAllLines(f, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty())
                        .forEach(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        return all;
    }
}
