package dev.ecsdeployer.desired;

import dev.ecsdeployer.config.ServiceConfig;

import java.util.Map;

/**
 * The one test of what is ours: created by the deployer for this config, i.e. tagged
 * {@code ecs-deployer:config=<environment>/<service>}. Every decision to change or adopt a service,
 * a task definition family or a log group asks here. The deployer puts {@link #tags} on everything
 * it creates (service, task definition revisions, log group).
 *
 * <p>Before the config tag existed the deployer tagged only {@code ecs-deployer:managed-by}: such a
 * resource was created by the deployer for some config, which one is not written on it, so each
 * kind accepts it only with evidence that it is this config's (its name, or the revision the deployer
 * recorded on this config's service).
 */
public final class Ownership {

    /** Which config a resource belongs to: {@code <environment>/<service>}. */
    public static final String CONFIG_TAG = "ecs-deployer:config";
    public static final String MANAGED_BY_TAG = "ecs-deployer:managed-by";
    public static final String MANAGED_BY_VALUE = "ecs-deployer";

    public enum Owner {
        /** Tagged as this config's. */
        THIS_CONFIG,
        /** Tagged as another config's. */
        OTHER_CONFIG,
        /** Created by the deployer before it wrote the config on what it creates: config unknown. */
        DEPLOYER_UNNAMED,
        /** Not created by the deployer: another tool's, or a person's. */
        OTHER
    }

    private Ownership() {
    }

    /** The value of {@link #CONFIG_TAG} for a config. */
    public static String configId(ServiceConfig config) {
        return config.environment() + "/" + config.name();
    }

    /** The tags the deployer puts on what it creates for a config. */
    public static Map<String, String> tags(ServiceConfig config) {
        return Map.of(MANAGED_BY_TAG, MANAGED_BY_VALUE, CONFIG_TAG, configId(config));
    }

    public static Owner owner(Map<String, String> tags, ServiceConfig config) {
        String owner = tags.get(CONFIG_TAG);
        if (owner != null) {
            return owner.equals(configId(config)) ? Owner.THIS_CONFIG : Owner.OTHER_CONFIG;
        }
        return tags.containsKey(MANAGED_BY_TAG) ? Owner.DEPLOYER_UNNAMED : Owner.OTHER;
    }

    /**
     * A service this config may change: its own, or one the deployer created before it wrote the
     * config tag (the service's name is derived from this config's parameter, and the next rollout
     * writes the tag).
     */
    public static boolean serviceIsOurs(Map<String, String> tags, ServiceConfig config) {
        Owner owner = owner(tags, config);
        return owner == Owner.THIS_CONFIG || owner == Owner.DEPLOYER_UNNAMED;
    }

    /** A log group whose retention this config may change: its own, or one the deployer created under its name. */
    public static boolean logGroupIsOurs(Map<String, String> tags, ServiceConfig config) {
        Owner owner = owner(tags, config);
        return owner == Owner.THIS_CONFIG || owner == Owner.DEPLOYER_UNNAMED;
    }

    /**
     * A family this config may register in: an empty one (null tags), one whose latest revision is
     * tagged as this config's, or the family the deployer last registered this config's revision in
     * (recorded on its service) when no other config's revision is on top (a revision an operator
     * registered by hand, or one from before the config tag, does not take the family away).
     *
     * @param latestTags   the tags of the family's latest revision, null when the family has none
     * @param recordedHere the deployer recorded on this config's service a revision of this family
     */
    public static boolean familyIsOurs(Map<String, String> latestTags, ServiceConfig config, boolean recordedHere) {
        if (latestTags == null) {
            return true;
        }
        return switch (owner(latestTags, config)) {
            case THIS_CONFIG -> true;
            case OTHER_CONFIG -> false;
            case DEPLOYER_UNNAMED, OTHER -> recordedHere;
        };
    }

    /** The family of a task definition ARN ({@code ...:task-definition/<family>:<revision>}), or null. */
    public static String family(String taskDefinitionArn) {
        if (taskDefinitionArn == null) {
            return null;
        }
        int slash = taskDefinitionArn.lastIndexOf('/');
        int colon = taskDefinitionArn.lastIndexOf(':');
        return slash < 0 || colon < slash ? null : taskDefinitionArn.substring(slash + 1, colon);
    }
}
