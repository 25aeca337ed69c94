package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Clock;
import java.util.List;

/**
 * Reports a drift check: a log line per service, a {@code Drift Detected} event per drifted
 * service, and one Embedded Metric Format line per environment (services checked, drifted,
 * differences) that CloudWatch turns into metrics without any API call.
 */
public final class DriftReporter {

    private final JsonLog log;
    private final EventPublisher events;
    private final ObjectMapper mapper;
    private final String namespace;
    private final Clock clock;

    public DriftReporter(JsonLog log, EventPublisher events, ObjectMapper mapper, String namespace, Clock clock) {
        this.log = log;
        this.events = events;
        this.mapper = mapper;
        this.namespace = namespace;
        this.clock = clock;
    }

    public Summary report(String trigger, String environment, List<DriftReport> reports) {
        for (DriftReport r : reports) {
            ObjectNode line = mapper.createObjectNode();
            line.put("type", "drift");
            line.put("trigger", trigger);
            line.setAll((ObjectNode) mapper.valueToTree(r));
            log.write(line);
            if (r.drifted()) {
                events.publish(DetailTypes.DRIFT_DETECTED, mapper.valueToTree(r));
            }
            if (Boolean.TRUE.equals(r.costAlert())) {
                events.publish(DetailTypes.COST_DRIFT, mapper.valueToTree(r));
            }
        }
        Summary summary = new Summary(reports.size(),
                (int) reports.stream().filter(DriftReport::drifted).count(),
                reports.stream().filter(DriftReport::drifted).mapToInt(r -> r.differences().size()).sum());
        log.write(emf(environment, summary));
        return summary;
    }

    /** Serialized into the handler's answer: registered for the native image. */
    @RegisterForReflection
    public record Summary(int checked, int drifted, int differences) {

        public Summary plus(Summary other) {
            return new Summary(checked + other.checked, drifted + other.drifted, differences + other.differences);
        }
    }

    private ObjectNode emf(String environment, Summary s) {
        ObjectNode line = mapper.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Environment");
        ArrayNode metrics = directive.putArray("Metrics");
        for (String name : List.of("ServicesChecked", "ServicesDrifted", "Differences")) {
            metrics.addObject().put("Name", name).put("Unit", "Count");
        }
        line.put("Environment", environment);
        line.put("ServicesChecked", s.checked());
        line.put("ServicesDrifted", s.drifted());
        line.put("Differences", s.differences());
        return line;
    }
}
