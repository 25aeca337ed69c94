package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.ActualStateReader;
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

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one reconcile every trigger runs: desired state from config and image, actual state
 * from AWS, a plan of the differences, then apply it (or only return it, for a dry run).
 */
public final class Reconciler {

    private final ActualStateReader reader;
    private final PlanApplier applier;
    private final DesiredStateBuilder builder;

    public Reconciler(ActualStateReader reader, PlanApplier applier, DesiredStateBuilder builder) {
        this.reader = reader;
        this.applier = applier;
        this.builder = builder;
    }

    /**
     * @param image    the image to run, pinned by digest
     * @param pushedAt when that image was pushed (from the push event), or null when unknown;
     *                 an image pushed before the one the service runs never replaces it
     * @param apply    false for a dry run: plan only
     */
    public ReconcileOutcome reconcile(ServiceConfig config, ImageRef image, Instant pushedAt, boolean apply) {
        DesiredState desired = builder.build(config, image);
        ActualState actual = reader.read(config.service().cluster(), config.service().serviceName(),
                config.logGroup().name(), desired.scaling().resourceId(),
                DesiredStateBuilder.alarmPrefix(config));
        if (actual.scaling().target() != null) {
            desired = desired.withCountOwnedByScaling();
        }
        Plan plan = Planner.plan(desired, actual);
        CostReport cost = CostEstimator.forConfig(config, builder.region()).estimate(config, ActualFootprint.of(actual));
        String older = olderThanRunning(actual, image, pushedAt);
        if (older != null) {
            return new ReconcileOutcome(config, image, plan, null, older, cost);
        }
        if (!apply || plan.isEmpty()) {
            return new ReconcileOutcome(config, image, plan, null, null, cost);
        }
        Map<String, String> rolloutTags = new LinkedHashMap<>();
        rolloutTags.put(ServiceTags.IMAGE_DIGEST, image.digest());
        if (pushedAt != null) {
            rolloutTags.put(ServiceTags.IMAGE_PUSHED_AT, pushedAt.toString());
        }
        return new ReconcileOutcome(config, image, plan, applier.apply(plan, desired, actual, rolloutTags), null,
                cost);
    }

    /** Why this image must not replace the running one, or null when it may. */
    static String olderThanRunning(ActualState actual, ImageRef image, Instant pushedAt) {
        String running = actual.serviceTags().get(ServiceTags.IMAGE_PUSHED_AT);
        if (pushedAt == null || running == null
                || image.digest().equals(actual.serviceTags().get(ServiceTags.IMAGE_DIGEST))) {
            return null;
        }
        try {
            Instant runningAt = Instant.parse(running);
            return pushedAt.isBefore(runningAt)
                    ? "image " + image.digest() + " pushed at " + pushedAt + " is older than the running "
                    + actual.serviceTags().get(ServiceTags.IMAGE_DIGEST) + " pushed at " + runningAt
                    : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
