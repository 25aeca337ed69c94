package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.EcsRequests;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.plan.Change.Resource;
import dev.ecsdeployer.plan.EcsNormalisation;
import dev.ecsdeployer.plan.Plan;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a plan in dependency order: log group, task definition, service, scaling target,
 * policies, alarms. Each step is
 * idempotent, so a run cut off half-way converges when run again; a failed step stops the
 * run and the result says which steps completed.
 */
public final class PlanApplier {

    private static final Logger LOG = Logger.getLogger(PlanApplier.class);

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final ScalingApplier scaling;

    public PlanApplier(EcsClient ecs, CloudWatchLogsClient logs, ScalingApplier scaling) {
        this.ecs = ecs;
        this.logs = logs;
        this.scaling = scaling;
    }

    /** @param rolloutTags tags recorded on the service with this rollout (image digest, push time) */
    public ApplyResult apply(Plan plan, DesiredState desired, ActualState actual, Map<String, String> rolloutTags) {
        List<String> applied = new ArrayList<>();
        String step = null;
        String taskDefinitionArn = actual.service() == null ? null : actual.service().taskDefinition();
        String deploymentId = null;
        Map<String, String> policyArns = ScalingApplier.policyArns(actual.scaling());
        try {
            for (Change change : plan.changes()) {
                step = change.toString();
                switch (change.resource()) {
                    case LOG_GROUP -> applyLogGroup(change, desired);
                    case TASK_DEFINITION -> {
                        taskDefinitionArn = registerOrReuse(desired.taskDefinition());
                        step = step + " → " + taskDefinitionArn;
                    }
                    case SERVICE -> {
                        Service service = change.action() == Change.Action.CREATE
                                ? create(desired, taskDefinitionArn)
                                : ecs.updateService(EcsRequests.updateService(desired.service(), taskDefinitionArn))
                                        .service();
                        deploymentId = primaryDeploymentId(service);
                        recordRollout(service, deploymentId, rolloutTags);
                        step = step + " (deployment " + deploymentId + ")";
                    }
                    case SCALABLE_TARGET, SCALING_POLICY, ALARM -> scaling.apply(change, desired.scaling(), policyArns);
                }
                applied.add(step);
            }
            return new ApplyResult(List.copyOf(applied), taskDefinitionArn, deploymentId, null, null);
        } catch (SdkException e) {
            LOG.warnf("step '%s' failed for %s/%s: %s", step, plan.cluster(), plan.service(), e.getMessage());
            return new ApplyResult(List.copyOf(applied), taskDefinitionArn, deploymentId, step, e.getMessage());
        }
    }

    private void applyLogGroup(Change change, DesiredState desired) {
        String name = desired.logGroup().name();
        if (change.action() == Change.Action.CREATE) {
            try {
                logs.createLogGroup(b -> b.logGroupName(name)
                        .tags(Map.of(ServiceTags.MANAGED_BY, ServiceTags.MANAGED_BY_VALUE)));
            } catch (ResourceAlreadyExistsException e) {
                // Created by a concurrent run since we looked: the retention below still applies.
            }
        }
        logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(desired.logGroup().retentionDays()));
    }

    /**
     * Registers the desired task definition unless the family's latest revision already is it
     * (a run that registered and was then cut off must not register a duplicate).
     */
    private String registerOrReuse(TaskDefinitionSpec spec) {
        try {
            TaskDefinition latest = ecs.describeTaskDefinition(b -> b.taskDefinition(spec.family())).taskDefinition();
            if (EcsNormalisation.taskDefinition(latest, spec.container().name()).equals(spec)) {
                return latest.taskDefinitionArn();
            }
        } catch (ClientException e) {
            // No revision of this family yet.
        }
        return ecs.registerTaskDefinition(EcsRequests.registerTaskDefinition(spec,
                        Map.of(ServiceTags.MANAGED_BY, ServiceTags.MANAGED_BY_VALUE)))
                .taskDefinition().taskDefinitionArn();
    }

    private Service create(DesiredState desired, String taskDefinitionArn) {
        Map<String, String> tags = Map.of(ServiceTags.MANAGED_BY, ServiceTags.MANAGED_BY_VALUE);
        // A new service starts at the configured count; afterwards a scaling target owns it.
        int initial = desired.config().service().desiredCount();
        return ecs.createService(EcsRequests.createService(desired.service(), taskDefinitionArn, initial, tags))
                .service();
    }

    /** Tags the service with the deployment id and image, so the outcome can be matched later. */
    private void recordRollout(Service service, String deploymentId, Map<String, String> rolloutTags) {
        Map<String, String> tags = new LinkedHashMap<>(rolloutTags);
        if (deploymentId != null) {
            tags.put(ServiceTags.DEPLOYMENT_ID, deploymentId);
        }
        if (tags.isEmpty()) {
            return;
        }
        ecs.tagResource(b -> b.resourceArn(service.serviceArn()).tags(EcsRequests.tags(tags)));
    }

    static String primaryDeploymentId(Service service) {
        return service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .map(Deployment::id)
                .findFirst()
                .orElse(null);
    }
}
