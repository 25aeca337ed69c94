package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.Ownership;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tags the deployer keeps on each ECS service it rolls out: what it deployed last, so an
 * outcome event can be matched, an older image never replaces a newer one, a failed image is
 * never redeployed automatically, and a drift check need not describe what cannot have changed.
 * DescribeServices returns them with the service at no extra call.
 */
public final class ServiceTags {

    public static final String MANAGED_BY = Ownership.MANAGED_BY_TAG;
    /** Which config manages the service, {@code <environment>/<service>}: no other config touches it. */
    public static final String CONFIG = Ownership.CONFIG_TAG;
    public static final String DEPLOYMENT_ID = "ecs-deployer:deployment-id";
    /** The image rolled out last, {@code <repository-uri>@sha256:...}. */
    public static final String IMAGE = "ecs-deployer:image";
    public static final String IMAGE_DIGEST = "ecs-deployer:image-digest";
    /** When the image now rolling out was pushed (ISO-8601, from the push event). */
    public static final String IMAGE_PUSHED_AT = "ecs-deployer:image-pushed-at";
    /** The task definition revision the deployer set, and the fingerprint of the spec it was registered from. */
    public static final String TASK_DEFINITION = "ecs-deployer:task-definition";
    public static final String SPEC_HASH = "ecs-deployer:spec-hash";
    /** Fingerprint of the log group and scaling specs last applied in full. */
    public static final String SETTINGS_HASH = "ecs-deployer:settings-hash";
    /** When an operator last deployed (ISO-8601): automatic deploys of images pushed before it are refused. */
    public static final String OPERATOR_DEPLOYED_AT = "ecs-deployer:operator-deployed-at";
    /** Digests whose deployment failed or was rolled back, space-separated, newest last. */
    public static final String FAILED_DIGESTS = "ecs-deployer:failed-digests";

    /**
     * An operator's hold, {@code <ISO-8601 time> <reason>}: automatic deploys wait until released.
     * Empty (as after a release) means not held: the deployer's role tags, it does not untag.
     */
    public static final String HOLD = "ecs-deployer:hold";
    /** The newest push that arrived while held, {@code <repository-uri>@sha256:...}, and its push time. */
    public static final String HELD_IMAGE = "ecs-deployer:held-image";
    public static final String HELD_IMAGE_PUSHED_AT = "ecs-deployer:held-image-pushed-at";

    /**
     * The image of the last deployment that completed, and of the one that completed before it (a
     * different image): what {@code rollback} deploys. Recorded when the completion event arrives.
     */
    public static final String COMPLETED_IMAGE = "ecs-deployer:completed-image";
    public static final String PREVIOUS_COMPLETED_IMAGE = "ecs-deployer:previous-completed-image";

    public static final String MANAGED_BY_VALUE = Ownership.MANAGED_BY_VALUE;
    /** A tag value holds at most 256 characters: room for three sha256 digests. */
    static final int MAX_FAILED_DIGESTS = 3;

    private ServiceTags() {
    }

    public static Map<String, String> of(Service service) {
        return service.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    /** The hold's value, or null when the service is not held. */
    public static String hold(Map<String, String> tags) {
        return blankToNull(tags.get(HOLD));
    }

    /**
     * What a rollback deploys: the last completed image when the service has moved past it (a newer
     * image is rolling out, failed, or runs unconfirmed), else the completed image before that one.
     */
    public static String rollbackImage(Map<String, String> tags) {
        String completed = blankToNull(tags.get(COMPLETED_IMAGE));
        if (completed != null && !completed.equals(tags.get(IMAGE))) {
            return completed;
        }
        return blankToNull(tags.get(PREVIOUS_COMPLETED_IMAGE));
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    public static Set<String> failedDigests(Map<String, String> tags) {
        String v = tags.get(FAILED_DIGESTS);
        return v == null || v.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(v.trim().split(" ")));
    }

    /** The failed-digest list with one more, the oldest dropped past the tag's capacity. */
    public static String withFailedDigest(Map<String, String> tags, String digest) {
        LinkedHashSet<String> all = new LinkedHashSet<>(failedDigests(tags));
        all.remove(digest);
        all.add(digest);
        List<String> list = List.copyOf(all);
        return String.join(" ", list.subList(Math.max(0, list.size() - MAX_FAILED_DIGESTS), list.size()));
    }
}
