package dev.ecsdeployer.work;

import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.ImageRef;

/**
 * Where a service's images may come from: the registry its config names, else the function's own
 * account and region. The one check of an image's origin, for pushes, operator deploys and the
 * worker's re-check: a same-named repository in another account or region never deploys here, and
 * while the function's account is unknown only a config that names its registry deploys.
 */
public record ImageOrigin(FunctionAccount account, String region) {

    /** The registry host a config deploys from, or null when the function does not know its account. */
    public String registryOf(ServiceConfig config) {
        if (config.image().registry() != null) {
            return config.image().registry();
        }
        return account.get().map(a -> a + ".dkr.ecr." + region + ".amazonaws.com").orElse(null);
    }

    /** Why this image may not run in this service, or null when it may. */
    public String refusal(ServiceConfig config, ImageRef image) {
        String repository = config.image().repository();
        if (image == null || !image.isFrom(repository)) {
            return "image " + (image == null ? "(none)" : image.image()) + " is not from " + repository
                    + ", the repository the config follows";
        }
        String registry = registryOf(config);
        if (registry == null) {
            return "image " + image.image() + " is refused: the function does not know its own account"
                    + " (ECS_DEPLOYER_ACCOUNT_ID is unset and no invocation named it), so it cannot tell its"
                    + " registry from another; set ECS_DEPLOYER_ACCOUNT_ID or image.registry";
        }
        if (!image.repositoryUri().equals(registry + "/" + repository)) {
            return "image " + image.image() + " is not from " + registry + "/" + repository + " (this service deploys"
                    + " only from " + (config.image().registry() == null
                    ? "the function's own account and region; set image.registry to follow another registry)"
                    : "image.registry)");
        }
        return null;
    }
}
