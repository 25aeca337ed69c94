package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.apply.ApplyResult;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.config.ConfigError;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.report.ServiceReport.Status;

import java.util.List;

/**
 * Turns reconcile outcomes into reports: one structured log line per service, and the events a
 * team subscribes to ({@code Deployment Started}, {@code Config Rejected}, ...).
 */
public final class DeployReporter {

    private final JsonLog log;
    private final EventPublisher events;
    private final ObjectMapper mapper;

    public DeployReporter(JsonLog log, EventPublisher events, ObjectMapper mapper) {
        this.log = log;
        this.events = events;
        this.mapper = mapper;
    }

    public ServiceReport reconciled(String trigger, ReconcileOutcome o) {
        return reconciled(trigger, o, List.of());
    }

    /** @param checkNotices what the checks before the rollout could not confirm (an undetermined image platform) */
    public ServiceReport reconciled(String trigger, ReconcileOutcome o, List<String> checkNotices) {
        ServiceConfig c = o.config();
        List<String> notices = java.util.stream.Stream.concat(o.plan().notices().stream(), checkNotices.stream()).toList();
        ApplyResult r = o.result();
        Status status = o.skipped() != null ? Status.SKIPPED
                : r == null ? (o.plan().isEmpty() ? Status.UNCHANGED : Status.PLANNED)
                : r.succeeded() ? Status.APPLIED : Status.FAILED;
        ServiceReport report = new ServiceReport(c.environment(), c.name(), c.service().cluster(), status,
                o.image() == null ? null : o.image().image(), masked(o.plan().changes()),
                notices.isEmpty() ? null : notices,
                r == null ? null : r.applied(), r == null ? null : r.taskDefinitionArn(),
                r == null ? null : r.deploymentId(), r == null ? null : r.failedStep(),
                o.skipped() != null ? List.of(o.skipped()) : r != null && r.error() != null ? List.of(r.error()) : null);
        write(trigger, report);
        if (r != null && r.deploymentId() != null) {
            ObjectNode detail = detail(report);
            detail.put("imageDigest", o.image().digest());
            events.publish(DetailTypes.DEPLOYMENT_STARTED, detail);
        }
        if (status == Status.FAILED) {
            events.publish(DetailTypes.DEPLOYMENT_FAILED, detail(report));
        }
        return report;
    }

    /** A config that failed validation: reported with every error, and nothing in AWS touched. */
    public ServiceReport rejected(String trigger, String environment, String service, List<ConfigError> errors) {
        ServiceReport report = new ServiceReport(environment, service, null, Status.REJECTED, null, null, null, null,
                null, null, null, errors.stream().map(ConfigError::describe).toList());
        write(trigger, report);
        events.publish(DetailTypes.CONFIG_REJECTED, detail(report));
        return report;
    }

    /** A config that disappeared: reported, and nothing in AWS is touched. */
    public ServiceReport configDeleted(String environment, String service, String message) {
        ServiceReport report = new ServiceReport(environment, service, null, Status.SKIPPED, null, null, null, null,
                null, null, null, List.of(message));
        write("config-change", report);
        events.publish(DetailTypes.CONFIG_DELETED, detail(report));
        return report;
    }

    /** A rollout a check refused (the image cannot run on the service's platform): nothing in AWS touched. */
    public ServiceReport refused(String trigger, ServiceConfig c, String image, String reason) {
        ServiceReport report = new ServiceReport(c.environment(), c.name(), c.service().cluster(), Status.REFUSED,
                image, null, null, null, null, null, null, List.of(reason));
        write(trigger, report);
        events.publish(DetailTypes.DEPLOYMENT_REFUSED, detail(report));
        return report;
    }

    /** The outcome of {@code verify}: one error per finding, each naming its config field. */
    public ServiceReport verified(String trigger, ServiceConfig c, List<String> findings) {
        Status status = findings.isEmpty() ? Status.VERIFIED : Status.VERIFY_FAILED;
        ServiceReport report = new ServiceReport(c.environment(), c.name(), c.service().cluster(), status,
                null, null, null, null, null, null, null, findings.isEmpty() ? null : List.copyOf(findings));
        write(trigger, report);
        if (!findings.isEmpty()) {
            events.publish(DetailTypes.VERIFICATION_FAILED, detail(report));
        }
        return report;
    }

    /** A service that could not be reconciled for a reason outside its config (for example a missing image). */
    public ServiceReport failed(String trigger, String environment, String service, String cluster, String error) {
        ServiceReport report = new ServiceReport(environment, service, cluster, Status.FAILED, null, null, null, null,
                null, null, null, List.of(error));
        write(trigger, report);
        events.publish(DetailTypes.DEPLOYMENT_FAILED, detail(report));
        return report;
    }

    private void write(String trigger, ServiceReport report) {
        ObjectNode line = mapper.createObjectNode();
        line.put("type", "reconcile");
        line.put("trigger", trigger);
        line.setAll((ObjectNode) mapper.valueToTree(report));
        log.write(line);
    }

    private ObjectNode detail(ServiceReport report) {
        return mapper.valueToTree(report);
    }

    private static List<Change> masked(List<Change> changes) {
        return changes.stream()
                .map(c -> new Change(c.resource(), c.action(), c.target(),
                        c.differences().stream().map(Redaction::mask).toList()))
                .toList();
    }
}
