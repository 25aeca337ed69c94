package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.cost.ActualFootprint;
import dev.ecsdeployer.cost.CostEstimator;
import dev.ecsdeployer.cost.CostReport;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.plan.Plan;
import dev.ecsdeployer.plan.Planner;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one reconcile every trigger runs: desired state from config and image, actual state
 * from AWS, a plan of the differences, then apply it (or only return it, for a dry run).
 */
public final class Reconciler {

    /** How a reconcile may act. */
    public enum Mode {
        /** Plan only. */
        DRY_RUN,
        /** Apply, trusting what the deployer recorded at its last full apply (the fast push path). */
        APPLY_FAST,
        /** Read everything, then apply (config change, operator command, heal). */
        APPLY_FULL
    }

    private final ActualStateReader reader;
    private final PlanApplier applier;
    private final DesiredStateBuilder builder;
    private final EcrImages images;
    private final ServiceLocks locks;

    public Reconciler(ActualStateReader reader, PlanApplier applier, DesiredStateBuilder builder, EcrImages images,
                      ServiceLocks locks) {
        this.reader = reader;
        this.applier = applier;
        this.builder = builder;
        this.images = images;
        this.locks = locks;
    }

    /**
     * @param image     the image to run, pinned by digest; null keeps the image the deployer rolled out
     *                  last (or, for a service it never deployed, the config's tag resolved in ECR)
     * @param pushedAt  when that image was pushed (from the push event), or null when unknown;
     *                  an image pushed before the one the service runs never replaces it
     * @param automatic the trigger is an event, not an operator: an image whose rollout failed is refused
     */
    public ReconcileOutcome reconcile(ServiceConfig config, ImageRef image, Instant pushedAt, boolean automatic,
                                      Mode mode) {
        if (mode == Mode.DRY_RUN) {
            return reconcileUnlocked(config, image, pushedAt, automatic, mode);
        }
        // Read and write under the service's lock: a concurrent event sees this one's result.
        return locks.withLock(config.service().cluster(), config.service().serviceName(),
                () -> reconcileUnlocked(config, image, pushedAt, automatic, mode));
    }

    private ReconcileOutcome reconcileUnlocked(ServiceConfig config, ImageRef image, Instant pushedAt,
                                               boolean automatic, Mode mode) {
        Service service = reader.describeService(config.service().cluster(), config.service().serviceName())
                .orElse(null);
        Map<String, String> tags = service == null ? Map.of() : ServiceTags.of(service);
        ImageRef target = image != null ? image : runningImage(config, tags);
        DesiredState desired = builder.build(config, target);
        ActualState actual = reader.complete(service, desired, mode == Mode.APPLY_FAST);
        if (actual.scaling().target() != null) {
            desired = desired.withCountOwnedByScaling();
        }
        Plan plan = Planner.plan(desired, actual);
        CostReport cost = CostEstimator.forConfig(config, builder.region()).estimate(config, ActualFootprint.of(actual));
        String refused = refusal(actual, target, pushedAt, automatic && image != null);
        if (refused != null) {
            return new ReconcileOutcome(config, target, plan, null, refused, actual, cost);
        }
        if (mode == Mode.DRY_RUN || plan.isEmpty()) {
            return new ReconcileOutcome(config, target, plan, null, null, actual, cost);
        }
        Map<String, String> rolloutTags = new LinkedHashMap<>();
        rolloutTags.put(ServiceTags.IMAGE, target.image());
        rolloutTags.put(ServiceTags.IMAGE_DIGEST, target.digest());
        if (pushedAt != null) {
            rolloutTags.put(ServiceTags.IMAGE_PUSHED_AT, pushedAt.toString());
        }
        return new ReconcileOutcome(config, target, plan, applier.apply(plan, desired, actual, rolloutTags), null,
                actual, cost);
    }

    /** The image the deployer rolled out last, if it is from the followed repository; else the followed tag now. */
    private ImageRef runningImage(ServiceConfig config, Map<String, String> tags) {
        ImageRef recorded = ImageRef.parse(tags.get(ServiceTags.IMAGE));
        if (recorded != null && recorded.isFrom(config.image().repository())) {
            return recorded;
        }
        return images.resolve(config.image().registry(), config.image().repository(), config.image().tag(), null)
                .image();
    }

    /** Why this image must not replace the running one, or null when it may. */
    static String refusal(ActualState actual, ImageRef image, Instant pushedAt, boolean automatic) {
        if (automatic && ServiceTags.failedDigests(actual.serviceTags()).contains(image.digest())) {
            return "image " + image.digest() + " failed or was rolled back before; it is not redeployed automatically"
                    + " (deploy it with a command to retry)";
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
