package dev.ecsdeployer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/**
 * One JSON object per line on stdout: Lambda ships stdout to CloudWatch Logs unchanged, so the
 * lines can be queried with Logs Insights and EMF lines become metrics.
 */
public final class JsonLog {

    private final ObjectMapper mapper;
    private final PrintStream out;

    public JsonLog(ObjectMapper mapper, PrintStream out) {
        this.mapper = mapper;
        this.out = out;
    }

    public void write(ObjectNode line) {
        try {
            String json = mapper.writeValueAsString(line);
            synchronized (out) {
                out.println(json);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report line could not be written as JSON", e);
        }
    }
}
