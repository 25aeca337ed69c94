package dev.ecsdeployer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * One JSON object per line on stdout: Lambda ships stdout to CloudWatch Logs unchanged, so the
 * lines can be queried with Logs Insights and EMF lines become metrics.
 */
public final class JsonLog {

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
        try {
            String json = mapper.writeValueAsString(line);
            PrintStream stream = out.get();
            synchronized (stream) {
                stream.println(json);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report line could not be written as JSON", e);
        }
    }
}
