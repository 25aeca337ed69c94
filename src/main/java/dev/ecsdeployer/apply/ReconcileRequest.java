package dev.ecsdeployer.apply;

import dev.ecsdeployer.desired.ImageRef;

import java.time.Instant;

/**
 * What a reconcile is asked to do.
 *
 * @param image    the image to run, pinned by digest; null keeps the image the deployer rolled out last
 *                 (or the one the service runs, or, for a new service, the followed tag resolved in ECR)
 * @param pushedAt when that image was pushed (from the push event), or null when unknown; an image
 *                 pushed before the one the service runs never replaces it
 * @param origin   who asks: every origin but an operator is automatic and never redeploys a failed image
 * @param mode     whether it may write, and how much it trusts what it recorded
 * @param requestedAt an operator's request: when it was made. Recorded on the service, so that automatic
 *                 deploys of images pushed before it never undo it (a rollback sticks)
 * @param frozen   why automatic deploys wait now (a deploy-freeze window that is on), or null
 * @param preDeployed the rollout of {@code image} that its pre-deploy task released (exit code 0): it runs no
 *                 pre-deploy again
 */
public record ReconcileRequest(ImageRef image, Instant pushedAt, Origin origin, Mode mode, Instant requestedAt,
                               String frozen, boolean preDeployed) {

    public ReconcileRequest(ImageRef image, Instant pushedAt, Origin origin, Mode mode, Instant requestedAt,
                            String frozen) {
        this(image, pushedAt, origin, mode, requestedAt, frozen, false);
    }

    /** RELEASE: an operator lifted a hold; automatic in every other respect (ordering, failed images). */
    public enum Origin { PUSH, CONFIG_CHANGE, HEAL, OPERATOR, DRIFT_CHECK, RELEASE }

    public enum Mode {
        /** Plan only. */
        PLAN,
        /** Apply, trusting what the deployer recorded at its last full apply (the fast push path). */
        APPLY_FAST,
        /** Read everything, then apply (config change, operator command, heal). */
        APPLY_FULL
    }

    public static ReconcileRequest push(ImageRef image, Instant pushedAt) {
        return new ReconcileRequest(image, pushedAt, Origin.PUSH, Mode.APPLY_FAST, null, null);
    }

    public static ReconcileRequest configChange() {
        return new ReconcileRequest(null, null, Origin.CONFIG_CHANGE, Mode.APPLY_FULL, null, null);
    }

    public static ReconcileRequest heal() {
        return new ReconcileRequest(null, null, Origin.HEAL, Mode.APPLY_FULL, null, null);
    }

    public static ReconcileRequest driftCheck() {
        return new ReconcileRequest(null, null, Origin.DRIFT_CHECK, Mode.PLAN, null, null);
    }

    /**
     * What a release applies: the newest push that arrived while held (or, with none, the image the
     * service runs), with everything the config changed meanwhile.
     */
    public static ReconcileRequest release(ImageRef heldImage, Instant heldPushedAt) {
        return new ReconcileRequest(heldImage, heldPushedAt, Origin.RELEASE, Mode.APPLY_FULL, null, null);
    }

    /** An operator's deploy (or its dry run): an explicit image, not subject to push ordering. */
    public static ReconcileRequest operator(ImageRef image, boolean apply, Instant requestedAt) {
        return new ReconcileRequest(image, null, Origin.OPERATOR, apply ? Mode.APPLY_FULL : Mode.PLAN, requestedAt, null);
    }

    /** The same request while a deploy freeze is on (or off: null). */
    public ReconcileRequest frozenBy(String freeze) {
        return new ReconcileRequest(image, pushedAt, origin, mode, requestedAt, freeze, preDeployed);
    }

    /** The same rollout, released by its pre-deploy task's exit code 0. */
    public ReconcileRequest afterPreDeploy() {
        return new ReconcileRequest(image, pushedAt, origin, mode, requestedAt, frozen, true);
    }

    public boolean automatic() {
        return origin != Origin.OPERATOR;
    }

    /** Whether an operator's hold stops it: every automatic origin but the release itself. */
    public boolean waitsForHold() {
        return automatic() && origin != Origin.RELEASE;
    }

    public boolean mayWrite() {
        return mode != Mode.PLAN;
    }
}
