package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports a drift check: a log line per service, a {@code Drift Detected} event per drifted
 * service, and one Embedded Metric Format line per environment (services checked, drifted,
 * differences) that CloudWatch turns into metrics without any API call.
 */
public final class DriftReporter {

    private final JsonLog log;
    private final EventPublisher events;
    private final ObjectMapper mapper;
    private final Metrics metrics;

    public DriftReporter(JsonLog log, EventPublisher events, ObjectMapper mapper, Metrics metrics) {
        this.log = log;
        this.events = events;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    public Summary report(String trigger, String environment, List<DriftReport> reports) {
        List<EventPublisher.Event> batch = new ArrayList<>();
        for (DriftReport r : reports) {
            ObjectNode line = mapper.createObjectNode();
            line.put("type", "drift");
            line.put("trigger", trigger);
            line.setAll((ObjectNode) mapper.valueToTree(r));
            log.write(line);
            if (r.drifted()) {
                batch.add(new EventPublisher.Event(DetailTypes.DRIFT_DETECTED, mapper.valueToTree(r), r.resources()));
            }
            if (r.stuck() != null) {
                batch.add(new EventPublisher.Event(DetailTypes.DEPLOYMENT_STUCK, mapper.valueToTree(r), r.resources()));
            }
            if (Boolean.TRUE.equals(r.costAlert())) {
                batch.add(new EventPublisher.Event(DetailTypes.COST_DRIFT, mapper.valueToTree(r), r.resources()));
            }
        }
        // Ten to a PutEvents call: a fleet with many drifted services costs a tenth of the calls.
        events.publishAll(batch);
        Summary summary = new Summary(reports.size(),
                (int) reports.stream().filter(DriftReport::drifted).count(),
                reports.stream().filter(DriftReport::drifted).mapToInt(r -> r.differences().size()).sum());
        Map<String, Integer> values = new LinkedHashMap<>();
        values.put(Metrics.SERVICES_CHECKED, summary.checked());
        values.put(Metrics.SERVICES_DRIFTED, summary.drifted());
        values.put(Metrics.DIFFERENCES, summary.differences());
        values.put(Metrics.SERVICES_UNCHECKED, (int) reports.stream()
                .filter(r -> r.status() == DriftReport.Status.FAILED).count());
        values.put(Metrics.DEPLOYMENTS_STUCK, (int) reports.stream().filter(r -> r.stuck() != null).count());
        metrics.put(environment, values);
        return summary;
    }

    /** Serialized into the handler's answer: registered for the native image. */
    @RegisterForReflection
    public record Summary(int checked, int drifted, int differences) {

        public Summary plus(Summary other) {
            return new Summary(checked + other.checked, drifted + other.drifted, differences + other.differences);
        }
    }
}
