package dev.ecsdeployer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * One JSON object per line on stdout, each with {@code timestamp} (UTC, milliseconds), {@code level}
 * and the Lambda {@code requestId}: Lambda ships stdout to CloudWatch Logs, and with the function's
 * JSON log format it passes a line that is already a JSON object through as it is, so the lines can
 * be queried with Logs Insights and the Embedded Metric Format lines still become metrics (EMF allows
 * these extra members). The three are added after the line's own members, so an EMF line still
 * starts with {@code _aws}.
 */
public final class JsonLog {

    public static final String INFO = "INFO";
    public static final String WARN = "WARN";
    public static final String ERROR = "ERROR";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;
    private final Supplier<PrintStream> out;

    public JsonLog(ObjectMapper mapper, PrintStream out) {
        this(mapper, () -> out);
    }

    private JsonLog(ObjectMapper mapper, Supplier<PrintStream> out) {
        this.mapper = mapper;
        this.out = out;
    }

    /** Lines to the process's standard output as it is when each line is written (Lambda ships it to CloudWatch Logs). */
    public static JsonLog stdout(ObjectMapper mapper) {
        return new JsonLog(mapper, () -> System.out);
    }

    public void write(ObjectNode line) {
        write(INFO, line);
    }

    /** @param level {@link #INFO}, {@link #WARN} or {@link #ERROR}; Lambda's log-level filter reads it */
    public void write(String level, ObjectNode line) {
        ObjectNode stamped = line.deepCopy();
        if (!stamped.has("timestamp")) {
            stamped.put("timestamp", TIMESTAMP.format(Instant.now()));
        }
        stamped.put("level", level);
        String requestId = Invocation.requestId();
        if (requestId != null) {
            stamped.put("requestId", requestId);
        }
        try {
            String json = mapper.writeValueAsString(stamped);
            PrintStream stream = out.get();
            synchronized (stream) {
                stream.println(json);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report line could not be written as JSON", e);
        }
    }
}
