package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualSource;
import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.ServiceState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.cost.ActualFootprint;
import dev.ecsdeployer.cost.CostEstimator;
import dev.ecsdeployer.cost.CostReport;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.Ownership;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.plan.Plan;
import dev.ecsdeployer.plan.Planner;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one reconcile every trigger runs, level-triggered: desired state from the config and an
 * image, actual state from a source (live for one service, or a fleet snapshot), a plan of the
 * differences, then apply it or only return it. Serialisation per service is the work queue's
 * job (one message group per service), not this class's.
 */
public final class Reconciler {

    private final PlanApplier applier;
    private final DesiredStateBuilder builder;
    private final EcrImages images;

    public Reconciler(PlanApplier applier, DesiredStateBuilder builder, EcrImages images) {
        this.applier = applier;
        this.builder = builder;
        this.images = images;
    }

    public ReconcileOutcome reconcile(ServiceConfig config, ReconcileRequest request, ActualSource source) {
        ServiceState service = source.service(config).orElse(null);
        TaskDefinitionSpec running = null;
        ImageRef target = request.image();
        if (target == null) {
            target = followed(config, ImageRef.parse(service == null ? null : service.tag(ServiceTags.IMAGE)));
        }
        if (target == null && service != null) {
            // Not deployed by the deployer yet: keep the image the service runs, if it is the followed one.
            running = source.describe(service.taskDefinitionArn(), config.taskDefinition().followingContainerName());
            target = followed(config, running.container() == null ? null : ImageRef.parse(running.container().image()));
        }
        if (target == null) {
            target = images.resolve(config.image().registry(), config.image().repository(), config.image().tag(), null)
                    .image();
        }
        DesiredState desired = builder.build(config, target, SidecarImages.pin(config, target, images));
        ActualState actual = source.complete(service, desired, running, request.mode() == ReconcileRequest.Mode.APPLY_FAST);
        // Never fight auto scaling: a scaling target owns the count; and a push, which does not read
        // scaling, never sends a count to an existing service (another tool may scale it).
        if (actual.scaling().target() != null || (actual.settingsTrusted() && actual.serviceExists())) {
            desired = desired.withCountOwnedByScaling();
        }
        Plan plan = Planner.plan(desired, actual);
        CostReport cost = CostEstimator.forConfig(config, builder.region()).estimate(config, ActualFootprint.of(actual));
        String refused = notManagedHere(config, actual, plan);
        String waits = waitReason(config, actual, request);
        if (refused == null && waits != null) {
            refused = waits;
            if (request.origin() == ReconcileRequest.Origin.PUSH && request.mayWrite()) {
                // Recorded, not lost: the release deploys the newest push that arrived while held.
                applier.recordHeldPush(actual.service(), target, request.pushedAt());
            }
        }
        if (refused == null) {
            refused = refusal(actual, target, request.pushedAt(), request.automatic());
        }
        if (refused == null) {
            refused = PreDeployRunner.waitReason(config, actual, target, request);
        }
        if (refused != null) {
            return new ReconcileOutcome(config, target, plan, null, refused, actual, cost);
        }
        if (!request.mayWrite()) {
            return new ReconcileOutcome(config, target, plan, null, null, actual, cost);
        }
        if (plan.isEmpty()) {
            // Nothing to change, but a run cut off after UpdateService may not have recorded what it rolled
            // out: record it now, so that the deployment's outcome is matched.
            applier.recordIfStale(desired, actual, request);
            return new ReconcileOutcome(config, target, plan, null, null, actual, cost);
        }
        return new ReconcileOutcome(config, target, plan, applier.apply(plan, desired, actual, request),
                null, actual, cost);
    }

    /** Why an automatic deploy waits: an operator's hold, or a deploy freeze that is on. */
    private static String waitReason(ServiceConfig config, ActualState actual, ReconcileRequest request) {
        String hold = ServiceTags.hold(actual.serviceTags());
        if (hold != null && request.waitsForHold()) {
            return "held by an operator (" + hold + "): automatic deploys wait until it is released"
                    + " ({\"command\":\"release\",\"environment\":\"" + config.environment() + "\",\"service\":\""
                    + config.name() + "\"})";
        }
        if (request.frozen() != null && request.automatic()) {
            return request.frozen() + ": automatic deploys wait (the newest push is kept and deployed after it);"
                    + " a command needs \"force\": true";
        }
        return null;
    }

    private static Instant parseOrMin(String instant) {
        try {
            return Instant.parse(instant);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    /** The image, when it comes from the repository the config follows. */
    private static ImageRef followed(ServiceConfig config, ImageRef image) {
        return image != null && image.isFrom(config.image().repository()) ? image : null;
    }

    /**
     * Why this config must not touch what exists, or null: a config manages only what is its own
     * ({@link Ownership}). An existing service another config manages, or one the deployer did not
     * create, is not adopted; nor is a revision registered in a family the deployer did not create for
     * this config, whether or not the service exists (another team's family: whatever runs it
     * unversioned would run our container).
     */
    static String notManagedHere(ServiceConfig config, ActualState actual, Plan plan) {
        String me = Ownership.configId(config);
        if (actual.serviceExists() && !Ownership.serviceIsOurs(actual.serviceTags(), config)) {
            String owner = actual.tag(ServiceTags.CONFIG);
            return owner != null
                    ? "service " + config.service().serviceName() + " is managed by config " + owner + ", not by " + me
                    + "; nothing was changed"
                    : "service " + config.service().serviceName() + " in cluster " + config.service().cluster()
                    + " exists and was not created by the deployer; it is not adopted. To adopt it, tag it "
                    + ServiceTags.CONFIG + "=" + me + " (aws ecs tag-resource)";
        }
        ActualState.Revision latest = actual.latestRevision();
        boolean registers = plan.change(Change.Resource.TASK_DEFINITION).isPresent();
        boolean recordedHere = actual.serviceExists() && config.taskDefinition().family()
                .equals(Ownership.family(actual.tag(ServiceTags.TASK_DEFINITION)));
        if (registers && latest != null && !Ownership.familyIsOurs(latest.tags(), config, recordedHere)) {
            String owner = latest.tags().get(ServiceTags.CONFIG);
            return "task definition family " + config.taskDefinition().family() + " is not this config's: its latest"
                    + " revision " + latest.arn() + (owner != null ? " belongs to config " + owner
                    : latest.tags().containsKey(ServiceTags.MANAGED_BY) ? " was registered by the deployer for"
                    + " another service" : " was not registered by the deployer")
                    + "; no revision is registered in it and nothing was changed. Choose a family of this service's"
                    + " own (taskDefinition.family), or, if the family is this service's, tag its latest revision "
                    + ServiceTags.CONFIG + "=" + me + " (aws ecs tag-resource)";
        }
        return null;
    }

    /** Why this image must not replace the running one, or null when it may. */
    static String refusal(ActualState actual, ImageRef image, Instant pushedAt, boolean automatic) {
        if (automatic && ServiceTags.failedDigests(actual.serviceTags()).contains(image.digest())) {
            return "image " + image.digest() + " failed or was rolled back before; it is not redeployed automatically"
                    + " (deploy it with a command to retry)";
        }
        String operatorAt = actual.tag(ServiceTags.OPERATOR_DEPLOYED_AT);
        if (automatic && operatorAt != null && (pushedAt == null ? !image.digest().equals(
                actual.tag(ServiceTags.IMAGE_DIGEST)) : pushedAt.isBefore(parseOrMin(operatorAt)))) {
            return "an operator deployed " + actual.tag(ServiceTags.IMAGE_DIGEST) + " at " + operatorAt
                    + "; image " + image.digest() + (pushedAt == null ? "" : ", pushed at " + pushedAt + ",")
                    + " is not deployed automatically over it (push a newer image, or deploy it with a command)";
        }
        String running = actual.tag(ServiceTags.IMAGE_PUSHED_AT);
        if (pushedAt == null || running == null || image.digest().equals(actual.tag(ServiceTags.IMAGE_DIGEST))) {
            return null;
        }
        try {
            Instant runningAt = Instant.parse(running);
            return pushedAt.isBefore(runningAt)
                    ? "image " + image.digest() + " pushed at " + pushedAt + " is older than the running "
                    + actual.tag(ServiceTags.IMAGE_DIGEST) + " pushed at " + runningAt
                    : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
