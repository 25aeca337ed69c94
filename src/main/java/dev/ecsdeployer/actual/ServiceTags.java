package dev.ecsdeployer.actual;

/**
 * Tags the deployer keeps on each ECS service it rolls out: what it deployed last, so that an
 * outcome event can be matched and an older image never replaces a newer one.
 */
public final class ServiceTags {

    public static final String MANAGED_BY = "ecs-deployer:managed-by";
    public static final String DEPLOYMENT_ID = "ecs-deployer:deployment-id";
    public static final String IMAGE_DIGEST = "ecs-deployer:image-digest";
    /** When the image now rolling out was pushed (ISO-8601, from the push event). */
    public static final String IMAGE_PUSHED_AT = "ecs-deployer:image-pushed-at";

    public static final String MANAGED_BY_VALUE = "ecs-deployer";

    private ServiceTags() {
    }
}
