package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Map;

/**
 * Embedded Metric Format lines (namespace from the settings, dimension {@code Environment}):
 * CloudWatch turns them into the metrics the template's alarms and dashboard watch, without an
 * API call. The names are the template's; a test proves each alarm's metric is emitted.
 */
public final class Metrics {

    public static final String DEPLOYMENTS_STARTED = "DeploymentsStarted";
    public static final String DEPLOYMENTS_COMPLETED = "DeploymentsCompleted";
    public static final String DEPLOYMENTS_FAILED = "DeploymentsFailed";
    public static final String DEPLOYMENTS_ROLLED_BACK = "DeploymentsRolledBack";
    public static final String CONFIG_REJECTED = "ConfigRejected";
    public static final String WORK_ITEMS_DEAD_LETTERED = "WorkItemsDeadLettered";
    public static final String SERVICES_CHECKED = "ServicesChecked";
    public static final String SERVICES_DRIFTED = "ServicesDrifted";
    public static final String DIFFERENCES = "Differences";
    public static final String SERVICES_UNCHECKED = "ServicesUnchecked";
    /** Deployments in progress past their config's deadline, per drift check. */
    public static final String DEPLOYMENTS_STUCK = "DeploymentsStuck";

    private final JsonLog log;
    private final ObjectMapper mapper;
    private final String namespace;
    private final Clock clock;

    public Metrics(JsonLog log, ObjectMapper mapper, String namespace, Clock clock) {
        this.log = log;
        this.mapper = mapper;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** One occurrence of {@code name} in the environment. */
    public void count(String environment, String name) {
        put(environment, Map.of(name, 1));
    }

    /** Several values at once, one line. */
    public void put(String environment, Map<String, ? extends Number> values) {
        ObjectNode line = mapper.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Environment");
        ArrayNode metrics = directive.putArray("Metrics");
        line.put("Environment", environment == null ? "unknown" : environment);
        values.forEach((name, value) -> {
            metrics.addObject().put("Name", name).put("Unit", "Count");
            line.put(name, value.longValue());
        });
        log.write(line);
    }
}
