package dev.ecsdeployer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.apply.ApplyResult;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.config.ConfigError;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.report.ServiceReport.Status;
import dev.ecsdeployer.workitem.WorkItem;

import java.util.List;
import java.util.stream.Stream;

/**
 * Turns what happened to a service into reports: one structured log line per service, the
 * events a team subscribes to ({@code Deployment Started}, {@code Config Rejected}, ...) and the
 * metrics the template's alarms watch. One method per status.
 */
public final class DeployReporter {

    private final JsonLog log;
    private final EventPublisher events;
    private final ObjectMapper mapper;
    private final Metrics metrics;
    private final ServiceArns arns;

    public DeployReporter(JsonLog log, EventPublisher events, ObjectMapper mapper, Metrics metrics) {
        this(log, events, mapper, metrics, ServiceArns.none());
    }

    /** @param arns the service ARN each event names in {@code resources} */
    public DeployReporter(JsonLog log, EventPublisher events, ObjectMapper mapper, Metrics metrics, ServiceArns arns) {
        this.log = log;
        this.events = events;
        this.mapper = mapper;
        this.metrics = metrics;
        this.arns = arns;
    }

    /**
     * A reconcile: planned, applied, skipped or failed part-way.
     *
     * @param checkNotices what the checks before the rollout could not confirm (an undetermined image platform)
     * @param finalAttempt a failure is final (no retry follows): only then is it announced as a failed deployment
     */
    public ServiceReport reconciled(String trigger, ReconcileOutcome o, List<String> checkNotices,
                                    boolean finalAttempt) {
        ServiceConfig c = o.config();
        List<String> notices = Stream.concat(o.plan().notices().stream(), checkNotices.stream()).toList();
        ApplyResult r = o.result();
        Status status = o.skipped() != null ? Status.SKIPPED
                : r == null ? (o.plan().isEmpty() ? Status.UNCHANGED : Status.PLANNED)
                : !r.succeeded() ? Status.FAILED : r.preDeployTask() != null ? Status.PRE_DEPLOYING : Status.APPLIED;
        ServiceReport report = ServiceReport.reconciled(c.environment(), c.name(), c.service().cluster(), status,
                o.image() == null ? null : o.image().image(), masked(o.plan().changes()),
                notices.isEmpty() ? null : notices, o.plan().held(),
                r == null ? null : r.applied(), r == null ? null : r.taskDefinitionArn(),
                r == null ? null : r.deploymentId(), r == null ? null : r.failedStep(),
                o.skipped() != null ? List.of(o.skipped()) : r != null && r.error() != null ? List.of(r.error()) : null,
                o.cost());
        write(trigger, report);
        if (r != null && r.deploymentId() != null) {
            ObjectNode detail = detail(report);
            detail.put("imageDigest", o.image().digest());
            events.publish(DetailTypes.DEPLOYMENT_STARTED, detail, arns.of(o));
            metrics.count(c.environment(), Metrics.DEPLOYMENTS_STARTED);
        }
        if (status == Status.FAILED && finalAttempt) {
            announceFailure(report, arns.of(o));
        }
        return report;
    }

    /** A service an operator held (or found already held): announced, so the hold is never silent. */
    public ServiceReport held(String trigger, ServiceConfig c, String hold, boolean already) {
        ServiceReport report = ServiceReport.held(c.environment(), c.name(), c.service().cluster(),
                List.of((already ? "already held since " : "held since ") + hold
                        + "; automatic deploys wait until released"));
        write(trigger, report);
        if (!already) {
            events.publish(DetailTypes.SERVICE_HELD, detail(report), arns.of(c));
        }
        return report;
    }

    /** A config that failed validation: reported with every error, and nothing in AWS touched. */
    public ServiceReport rejected(String trigger, String environment, String service, List<ConfigError> errors) {
        ServiceReport report = ServiceReport.withErrors(environment, service, null, Status.REJECTED, null,
                errors.stream().map(Redaction::mask).map(ConfigError::describe).toList());
        write(trigger, report);
        events.publish(DetailTypes.CONFIG_REJECTED, detail(report));
        metrics.count(environment, Metrics.CONFIG_REJECTED);
        return report;
    }

    /** A config that disappeared: reported, and nothing in AWS is touched. */
    public ServiceReport configDeleted(String environment, String service, String message) {
        ServiceReport report = ServiceReport.withErrors(environment, service, null, Status.SKIPPED, null,
                List.of(message));
        write("config-change", report);
        events.publish(DetailTypes.CONFIG_DELETED, detail(report));
        return report;
    }

    /** Nothing to do for a service, for a reason that needs no event (it no longer follows the pushed tag). */
    public ServiceReport skipped(String trigger, String environment, String service, String reason) {
        ServiceReport report = ServiceReport.withErrors(environment, service, null, Status.SKIPPED, null,
                List.of(reason));
        write(trigger, report);
        return report;
    }

    /** A rollout a check refused (the image cannot run on the service's platform): nothing in AWS touched. */
    public ServiceReport refused(String trigger, ServiceConfig c, String image, String reason) {
        ServiceReport report = ServiceReport.withErrors(c.environment(), c.name(), c.service().cluster(),
                Status.REFUSED, image, List.of(reason));
        write(trigger, report);
        events.publish(DetailTypes.DEPLOYMENT_REFUSED, detail(report), arns.of(c));
        return report;
    }

    /** The outcome of {@code verify}: one error per finding, each naming its config field. */
    public ServiceReport verified(String trigger, ServiceConfig c, List<String> findings) {
        Status status = findings.isEmpty() ? Status.VERIFIED : Status.VERIFY_FAILED;
        ServiceReport report = ServiceReport.withErrors(c.environment(), c.name(), c.service().cluster(), status,
                null, findings);
        write(trigger, report);
        if (!findings.isEmpty()) {
            events.publish(DetailTypes.VERIFICATION_FAILED, detail(report), arns.of(c));
        }
        return report;
    }

    /**
     * A service that could not be reconciled for a reason outside its config (an AWS error, a missing image).
     *
     * @param finalAttempt no retry follows: announced as a failed deployment
     */
    public ServiceReport failed(String trigger, String environment, String service, String cluster, String error,
                                boolean finalAttempt) {
        ServiceReport report = ServiceReport.withErrors(environment, service, cluster, Status.FAILED, null,
                List.of(error));
        write(trigger, report);
        if (finalAttempt) {
            announceFailure(report);
        }
        return report;
    }

    /** Work sent to the queue for a service. */
    public ServiceReport queued(String trigger, WorkItem item, String messageId, List<Change> plan, String image) {
        ServiceReport report = ServiceReport.queued(item, messageId, plan == null ? null : masked(plan), image);
        write(trigger, report);
        return report;
    }

    /**
     * A work item leaves for the dead-letter queue: failed on its last attempt ({@code worked}), or never
     * worked (it rode behind a failing item of its service, or the invocation ran out of time). Said in
     * an event (with the item, so it can be sent again) and a metric.
     */
    public void deadLettered(WorkItem item, int attempts, String reason, boolean worked) {
        ObjectNode detail = mapper.createObjectNode();
        detail.put("environment", item.environment());
        detail.put("service", item.service());
        detail.put("attempts", attempts);
        detail.put("worked", worked);
        detail.put("reason", Redaction.maskText(reason));
        detail.set("workItem", mapper.valueToTree(item));
        deadLettered(item.environment(), detail);
    }

    /** A message on the work queue that is no work item (not written by this deployer) leaves for the dead-letter queue. */
    public void deadLetteredUnreadable(String messageId, String group, int attempts, String reason) {
        ObjectNode detail = mapper.createObjectNode();
        String environment = group != null && group.contains("/") ? group.substring(0, group.indexOf('/')) : null;
        detail.put("environment", Redaction.maskText(environment));
        detail.put("messageGroupId", Redaction.maskText(group));
        detail.put("messageId", messageId);
        detail.put("attempts", attempts);
        detail.put("worked", false);
        detail.put("reason", Redaction.maskText(reason));
        deadLettered(environment == null ? "unknown" : environment, detail);
    }

    private void deadLettered(String environment, ObjectNode detail) {
        events.publish(DetailTypes.WORK_ITEM_DEAD_LETTERED, detail);
        metrics.count(environment, Metrics.WORK_ITEMS_DEAD_LETTERED);
        ObjectNode line = mapper.createObjectNode();
        line.put("type", "dead-lettered");
        line.setAll(detail);
        log.write(JsonLog.ERROR, line);
    }

    /**
     * An ECS deployment event that could not be matched on its last attempt: the deployment may have
     * completed, so it is reported as unknown, never as a failed deployment, and no image is marked.
     */
    public OutcomeReport outcomeUnknown(WorkItem.Outcome item, String why) {
        WorkItem.Deployment d = item.deployment();
        OutcomeReport report = new OutcomeReport(item.environment(), d.cluster(), d.service(), d.deploymentId(),
                null, null, Redaction.maskText(why), OutcomeReport.Outcome.UNKNOWN, null);
        events.publish(DetailTypes.DEPLOYMENT_OUTCOME_UNKNOWN, mapper.valueToTree(report));
        ObjectNode line = mapper.createObjectNode();
        line.put("type", "deployment-outcome");
        line.setAll((ObjectNode) mapper.valueToTree(report));
        log.write(JsonLog.WARN, line);
        return report;
    }

    private void announceFailure(ServiceReport report) {
        announceFailure(report, List.of());
    }

    private void announceFailure(ServiceReport report, List<String> resources) {
        events.publish(DetailTypes.DEPLOYMENT_FAILED, detail(report), resources);
        metrics.count(report.environment(), Metrics.DEPLOYMENTS_FAILED);
    }

    private void write(String trigger, ServiceReport report) {
        ObjectNode line = mapper.createObjectNode();
        line.put("type", "reconcile");
        line.put("trigger", trigger);
        line.setAll((ObjectNode) mapper.valueToTree(report));
        log.write(level(report.status()), line);
    }

    /** The line's log level: a failure is an error, a refusal or rejection a warning. */
    static String level(Status status) {
        if (status == null) {
            return JsonLog.INFO;
        }
        return switch (status) {
            case FAILED -> JsonLog.ERROR;
            case REJECTED, REFUSED, VERIFY_FAILED -> JsonLog.WARN;
            default -> JsonLog.INFO;
        };
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
