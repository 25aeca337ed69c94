package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.ServiceState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.Ownership;
import dev.ecsdeployer.desired.SpecHash;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.plan.Plan;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a plan in dependency order: log group, task definition, service, scaling target,
 * policies, alarms. Each step is idempotent, so a run cut off half-way converges when run
 * again; a failed step stops the run and the result says which steps completed.
 */
public final class PlanApplier {

    private static final Logger LOG = Logger.getLogger(PlanApplier.class);

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final ScalingApplier scaling;
    private final PreDeployRunner preDeploys;

    public PlanApplier(EcsClient ecs, CloudWatchLogsClient logs, ScalingApplier scaling) {
        this.ecs = ecs;
        this.logs = logs;
        this.scaling = scaling;
        this.preDeploys = new PreDeployRunner(ecs);
    }

    /** What settles a pre-deploy task: stop it, record it failed or done. */
    public PreDeployRunner preDeploys() {
        return preDeploys;
    }

    /** @param request what asked for the rollout: its image's push time and an operator's request are recorded */
    public ApplyResult apply(Plan plan, DesiredState desired, ActualState actual, ReconcileRequest request) {
        List<String> applied = new ArrayList<>();
        Map<String, String> tags = new HashMap<>(actual.serviceTags());
        String serviceArn = actual.service() == null ? null : actual.service().arn();
        String taskDefinitionArn = actual.service() == null ? null : actual.service().taskDefinitionArn();
        String deploymentId = null;
        Map<String, String> policyArns = ScalingApplier.policyArns(actual.scaling());
        String step = null;
        try {
            for (Change change : plan.changes()) {
                step = change.toString();
                switch (change.resource()) {
                    case LOG_GROUP -> applyLogGroup(change, desired);
                    case TASK_DEFINITION -> {
                        // Whenever a revision may be registered, the reader has read the family's latest.
                        taskDefinitionArn = registerOrReuse(desired, actual.latestRevision());
                        step = step + " → " + taskDefinitionArn;
                    }
                    case SERVICE -> {
                        if (change.action() != Change.Action.CREATE && PreDeployRunner.gates(desired, actual, request)) {
                            // The new revision is registered; the rollout waits for its pre-deploy task to exit 0.
                            String task = preDeploys.start(desired, actual, taskDefinitionArn, request);
                            applied.add("pre-deploy task " + task + " of " + taskDefinitionArn
                                    + " (the rollout waits for it to exit 0)");
                            return new ApplyResult(List.copyOf(applied), taskDefinitionArn, null, null, null, task);
                        }
                        Service service = change.action() == Change.Action.CREATE
                                ? create(desired, taskDefinitionArn)
                                : ecs.updateService(ContainerRequests.backToLaunchType(
                                        EcsRequests.updateService(desired.service(), taskDefinitionArn),
                                        desired.service(), actual.service())).service();
                        serviceArn = service.serviceArn();
                        // An update that replaces no task (a changed percent, say) starts no deployment:
                        // the PRIMARY one is still the one from before, already recorded and reported.
                        String primary = primaryDeploymentId(service);
                        deploymentId = primary != null && actual.service() != null
                                && primary.equals(actual.service().primaryDeploymentId()) ? null : primary;
                        step = step + " (deployment " + deploymentId + ")";
                        // Recorded at once, so the outcome can be matched even if a later step fails.
                        tag(serviceArn, rollout(desired, request, deploymentId, taskDefinitionArn), tags);
                    }
                    case SCALABLE_TARGET, SCALING_POLICY, ALARM -> scaling.apply(change, desired.scaling(), policyArns);
                }
                applied.add(step);
            }
            step = "record applied state";
            if (serviceArn != null) {
                Map<String, String> converged = new LinkedHashMap<>();
                converged.put(ServiceTags.TASK_DEFINITION, taskDefinitionArn);
                converged.put(ServiceTags.SPEC_HASH, SpecHash.of(desired.taskDefinition()));
                converged.put(ServiceTags.SETTINGS_HASH, ActualStateReader.settingsHash(desired));
                if (desired.service().tags() != null) {
                    converged.putAll(desired.service().tags());
                }
                tag(serviceArn, converged, tags);
            }
            return new ApplyResult(List.copyOf(applied), taskDefinitionArn, deploymentId, null, null);
        } catch (SdkException e) {
            LOG.warnf("step '%s' failed for %s/%s: %s", step, plan.cluster(), plan.service(), e.getMessage());
            return new ApplyResult(List.copyOf(applied), taskDefinitionArn, deploymentId, step, e.getMessage());
        }
    }

    /**
     * Records the rollout on a service that already runs the desired revision when what is recorded
     * disagrees with its PRIMARY deployment (a run cut off between UpdateService and TagResource).
     * One TagResource call, none when the record is current.
     */
    public void recordIfStale(DesiredState desired, ActualState actual, ReconcileRequest request) {
        ServiceState service = actual.service();
        if (service == null || actual.taskDefinition() == null
                || !desired.taskDefinition().equals(actual.taskDefinition().managedBy(desired.taskDefinition()))) {
            return;
        }
        String runningRevision = service.primaryTaskDefinitionArn() != null ? service.primaryTaskDefinitionArn()
                : service.taskDefinitionArn();
        Map<String, String> tags = new HashMap<>(service.tags());
        tag(service.arn(), rollout(desired, request, service.primaryDeploymentId(), runningRevision), tags);
    }

    /** Holds the service: automatic deploys wait (see {@link ServiceTags#HOLD}). */
    public void hold(ServiceState service, String value) {
        tag(service.arn(), Map.of(ServiceTags.HOLD, value), new HashMap<>(service.tags()));
    }

    /** Lifts the hold and forgets the push it kept (the release has deployed it). */
    public void release(ServiceState service) {
        tag(service.arn(), Map.of(ServiceTags.HOLD, "", ServiceTags.HELD_IMAGE, "",
                ServiceTags.HELD_IMAGE_PUSHED_AT, ""), new HashMap<>(service.tags()));
    }

    /** Keeps the newest push that arrived while held; an older one (pushes arrive out of order) is ignored. */
    public void recordHeldPush(ServiceState service, ImageRef image, Instant pushedAt) {
        Map<String, String> tags = service.tags();
        String keptAt = tags.get(ServiceTags.HELD_IMAGE_PUSHED_AT);
        if (pushedAt != null && keptAt != null && !keptAt.isBlank() && !pushedAt.isAfter(Instant.parse(keptAt))) {
            return;
        }
        Map<String, String> held = new LinkedHashMap<>();
        held.put(ServiceTags.HELD_IMAGE, image.image());
        held.put(ServiceTags.HELD_IMAGE_PUSHED_AT, pushedAt == null ? "" : pushedAt.toString());
        tag(service.arn(), held, new HashMap<>(tags));
    }

    /** What the deployer records with a rollout: image, push time, deployment, revision and its spec's fingerprint. */
    private static Map<String, String> rollout(DesiredState desired, ReconcileRequest request, String deploymentId,
                                               String taskDefinitionArn) {
        Map<String, String> rollout = new LinkedHashMap<>();
        rollout.put(ServiceTags.CONFIG, Ownership.configId(desired.config()));
        rollout.put(ServiceTags.IMAGE, desired.image().image());
        rollout.put(ServiceTags.IMAGE_DIGEST, desired.image().digest());
        if (request.pushedAt() != null) {
            rollout.put(ServiceTags.IMAGE_PUSHED_AT, request.pushedAt().toString());
        }
        if (request.requestedAt() != null) {
            rollout.put(ServiceTags.OPERATOR_DEPLOYED_AT, request.requestedAt().toString());
            // The operator's time supersedes the push-time watermark: a push after it deploys, whatever
            // push time the image the operator replaced had claimed.
            rollout.put(ServiceTags.IMAGE_PUSHED_AT, "");
        }
        if (deploymentId != null) {
            rollout.put(ServiceTags.DEPLOYMENT_ID, deploymentId);
        }
        rollout.put(ServiceTags.TASK_DEFINITION, taskDefinitionArn);
        rollout.put(ServiceTags.SPEC_HASH, SpecHash.of(desired.taskDefinition()));
        return rollout;
    }

    private void applyLogGroup(Change change, DesiredState desired) {
        String name = desired.logGroup().name();
        if (change.action() == Change.Action.CREATE) {
            try {
                logs.createLogGroup(b -> b.logGroupName(name).tags(Ownership.tags(desired.config())));
            } catch (ResourceAlreadyExistsException e) {
                // Created by someone else since we looked: not ours, so its retention is not ours to set.
                LOG.warnf("log group %s appeared since it was read; its retention is left as it is", name);
                return;
            }
        }
        // The planner plans an update only on our log group, and only to keep logs longer.
        logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(desired.logGroup().retentionDays()));
    }

    /**
     * Registers the desired task definition, tagged as this config's, unless the family's latest revision
     * already is it (a run that registered and was then cut off must not register a duplicate).
     *
     * @param latest the family's latest revision, null when the family has none
     */
    private String registerOrReuse(DesiredState desired, ActualState.Revision latest) {
        TaskDefinitionSpec spec = desired.taskDefinition();
        if (latest != null && latest.spec().managedBy(spec).equals(spec)) {
            return latest.arn();
        }
        return ecs.registerTaskDefinition(EcsRequests.registerTaskDefinition(spec, Ownership.tags(desired.config())))
                .taskDefinition().taskDefinitionArn();
    }

    private Service create(DesiredState desired, String taskDefinitionArn) {
        // A new service starts at the configured count; afterwards a scaling target owns it.
        int initial = desired.config().service().desiredCount();
        return ecs.createService(EcsRequests.createService(desired.service(), taskDefinitionArn, initial,
                Ownership.tags(desired.config()))).service();
    }

    /** Writes the tags whose values differ from what the service has, in one call (none when all match). */
    private void tag(String serviceArn, Map<String, String> wanted, Map<String, String> current) {
        Map<String, String> changed = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (v != null && !v.equals(current.get(k))) {
                changed.put(k, v);
            }
        });
        if (!changed.isEmpty()) {
            ecs.tagResource(b -> b.resourceArn(serviceArn).tags(EcsRequests.tags(changed)));
            current.putAll(changed);
        }
    }

    static String primaryDeploymentId(Service service) {
        return service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .map(Deployment::id)
                .findFirst()
                .orElse(null);
    }
}
