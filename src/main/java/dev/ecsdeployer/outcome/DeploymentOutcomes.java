package dev.ecsdeployer.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.apply.EcsRequests;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.report.DetailTypes;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import dev.ecsdeployer.report.Metrics;
import dev.ecsdeployer.report.OutcomeReport;
import dev.ecsdeployer.report.OutcomeReport.Outcome;
import dev.ecsdeployer.workitem.WorkItem.Deployment;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matches ECS deployment state changes with the deployment the deployer started (its id is on
 * the service) and reports how it ended. With the circuit breaker's rollback the service becomes
 * stable again on the previous revision: that is reported as rolled back, never as success, and
 * the image is recorded as failed so that no automatic path deploys it again. A deployment the
 * deployer did not start (an operator's UpdateService, another tool's) is reported as foreign: it is
 * no rollback of ours and marks no image failed.
 */
public final class DeploymentOutcomes {

    static final String OUTCOME_TAG = "ecs-deployer:outcome";
    /** The last foreign deployment reported (EventBridge delivers at least once: reported once). */
    static final String FOREIGN_TAG = "ecs-deployer:foreign-deployment";

    private final EcsClient ecs;
    private final EventPublisher events;
    private final JsonLog log;
    private final ObjectMapper mapper;
    private final Metrics metrics;

    public DeploymentOutcomes(EcsClient ecs, EventPublisher events, JsonLog log, ObjectMapper mapper,
                              Metrics metrics) {
        this.metrics = metrics;
        this.ecs = ecs;
        this.events = events;
        this.log = log;
        this.mapper = mapper;
    }

    /** @param environment the environment of the config that manages the service (the metric's dimension) */
    public OutcomeReport handle(String environment, Deployment change) {
        Service service;
        try {
            service = ecs.describeServices(b -> b.cluster(change.cluster()).services(change.service())
                    .include(ServiceField.TAGS)).services().stream().findFirst().orElse(null);
        } catch (ClusterNotFoundException e) {
            // A cluster that is gone (or never was ours): nothing to match, not a function error.
            service = null;
        }
        Map<String, String> tags = service == null ? Map.of() : ServiceTags.of(service);
        String recorded = tags.get(ServiceTags.DEPLOYMENT_ID);
        Outcome outcome = outcome(change, service, tags);
        OutcomeReport report = new OutcomeReport(environment, change.cluster(), change.service(),
                change.deploymentId(), recorded, outcome == Outcome.FOREIGN ? null : tags.get(ServiceTags.IMAGE_DIGEST),
                change.reason(), outcome, null);
        if (outcome == Outcome.FOREIGN) {
            if (change.deploymentId().equals(tags.get(FOREIGN_TAG))) {
                report = report.asDuplicate();
            } else {
                String arn = service.serviceArn();
                ecs.tagResource(b -> b.resourceArn(arn)
                        .tags(EcsRequests.tags(Map.of(FOREIGN_TAG, change.deploymentId()))));
                events.publish(DetailTypes.FOREIGN_DEPLOYMENT, mapper.valueToTree(report), List.of(arn));
            }
        }
        String already = tags.get(OUTCOME_TAG);
        String marker = recorded + " " + outcome;
        boolean final_ = outcome == Outcome.COMPLETED || outcome == Outcome.FAILED || outcome == Outcome.ROLLED_BACK;
        if (final_ && !marker.equals(already) && !(recorded + " " + Outcome.ROLLED_BACK).equals(already)) {
            record(service, tags, outcome, marker);
            events.publish(detailType(outcome), mapper.valueToTree(report), service == null
                    || service.serviceArn() == null ? List.of() : List.of(service.serviceArn()));
            metrics.count(environment, metricName(outcome));
        } else if (final_) {
            report = report.asDuplicate(); // EventBridge delivers at least once: reported already.
        }
        ObjectNode line = mapper.createObjectNode();
        line.put("type", "deployment-outcome");
        line.setAll((ObjectNode) mapper.valueToTree(report));
        log.write(line);
        return report;
    }

    static Outcome outcome(Deployment change, Service service, Map<String, String> tags) {
        String recorded = tags.get(ServiceTags.DEPLOYMENT_ID);
        if (service == null || recorded == null) {
            return Outcome.UNMATCHED;
        }
        boolean ours = recorded.equals(change.deploymentId());
        switch (change.eventName()) {
            case "SERVICE_DEPLOYMENT_FAILED":
                return ours ? Outcome.FAILED : Outcome.UNMATCHED;
            case "SERVICE_DEPLOYMENT_COMPLETED":
                if (ours) {
                    return Outcome.COMPLETED;
                }
                return otherCompleted(change, service, tags, recorded);
            case "SERVICE_DEPLOYMENT_IN_PROGRESS":
                if (ours) {
                    return Outcome.IN_PROGRESS;
                }
                // The circuit breaker's rollback starts a deployment of its own, naming ours.
                return change.reason() != null && change.reason().contains("rolling back to deploymentId")
                        && (recorded + " " + Outcome.FAILED).equals(tags.get(OUTCOME_TAG))
                        ? Outcome.ROLLING_BACK : Outcome.UNMATCHED;
            default:
                return Outcome.UNMATCHED;
        }
    }

    /**
     * Another deployment than ours completed. The circuit breaker rolls back only a deployment that
     * failed: it is a rollback of ours when ours is recorded as failed (or rolled back, redelivered) or
     * ECS still lists ours as FAILED (the events arrived out of order). Otherwise, when it is the
     * service's PRIMARY deployment, someone else started it (an operator's UpdateService): foreign. A
     * deployment that is not PRIMARY any more is a late event of an older one.
     */
    private static Outcome otherCompleted(Deployment change, Service service, Map<String, String> tags,
                                          String recorded) {
        String already = tags.get(OUTCOME_TAG);
        boolean failedBefore = (recorded + " " + Outcome.FAILED).equals(already);
        boolean rolledBackBefore = (recorded + " " + Outcome.ROLLED_BACK).equals(already)
                && Objects.equals(service.taskDefinition(), tags.get(ServiceTags.TASK_DEFINITION));
        boolean listedFailed = service.deployments().stream().anyMatch(d -> recorded.equals(d.id())
                && d.rolloutState() == DeploymentRolloutState.FAILED);
        if (failedBefore || rolledBackBefore || listedFailed) {
            return Outcome.ROLLED_BACK;
        }
        boolean primary = service.deployments().stream().anyMatch(d -> "PRIMARY".equals(d.status())
                && change.deploymentId().equals(d.id()));
        return primary ? Outcome.FOREIGN : Outcome.UNMATCHED;
    }

    /**
     * Records the outcome on the service. A failed or rolled-back image joins the failed digests,
     * and the service's recorded image becomes what it runs now, so that a drift check neither
     * reports the rollback as drift nor heals it into the failed image again.
     */
    private void record(Service service, Map<String, String> tags, Outcome outcome, String marker) {
        Map<String, String> update = new LinkedHashMap<>();
        update.put(OUTCOME_TAG, marker);
        String rolledOut = tags.get(ServiceTags.IMAGE);
        String completed = tags.get(ServiceTags.COMPLETED_IMAGE);
        if (outcome == Outcome.COMPLETED && rolledOut != null && !rolledOut.equals(completed)) {
            // What a rollback goes back to: this image, and the completed one before it.
            update.put(ServiceTags.COMPLETED_IMAGE, rolledOut);
            if (completed != null && !completed.isBlank()) {
                update.put(ServiceTags.PREVIOUS_COMPLETED_IMAGE, completed);
            }
        }
        if (outcome != Outcome.COMPLETED) {
            String digest = tags.get(ServiceTags.IMAGE_DIGEST);
            if (digest != null) {
                update.put(ServiceTags.FAILED_DIGESTS, ServiceTags.withFailedDigest(tags, digest));
            }
        }
        if (outcome == Outcome.ROLLED_BACK && service.taskDefinition() != null) {
            String image = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition()
                    .containerDefinitions().get(0).image();
            ImageRef running = ImageRef.parse(image);
            update.put(ServiceTags.TASK_DEFINITION, service.taskDefinition());
            if (running != null) {
                update.put(ServiceTags.IMAGE, running.image());
                update.put(ServiceTags.IMAGE_DIGEST, running.digest());
            }
            // The rolled-back revision was not registered from the current spec: describe it next time
            // (an empty fingerprint matches no spec; one TagResource, no UntagResource needed).
            update.put(ServiceTags.SPEC_HASH, "");
        }
        ecs.tagResource(b -> b.resourceArn(service.serviceArn()).tags(EcsRequests.tags(update)));
    }

    private static String metricName(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> Metrics.DEPLOYMENTS_COMPLETED;
            case FAILED -> Metrics.DEPLOYMENTS_FAILED;
            case ROLLED_BACK -> Metrics.DEPLOYMENTS_ROLLED_BACK;
            default -> throw new IllegalArgumentException("no metric for " + outcome);
        };
    }

    private static String detailType(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> DetailTypes.DEPLOYMENT_COMPLETED;
            case FAILED -> DetailTypes.DEPLOYMENT_FAILED;
            case ROLLED_BACK -> DetailTypes.DEPLOYMENT_ROLLED_BACK;
            default -> throw new IllegalArgumentException("no event for " + outcome);
        };
    }
}
