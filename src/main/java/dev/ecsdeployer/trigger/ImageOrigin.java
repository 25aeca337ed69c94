package dev.ecsdeployer.trigger;

import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.ImageRef;

import java.util.Optional;

/**
 * Where a service's images may come from: the registry its config names, else the function's own
 * account and region. A same-named repository in another account or region never deploys here.
 *
 * @param accountId the function's account, when known (the template sets it; a local run trusts the event)
 */
public record ImageOrigin(Optional<String> accountId, String region) {

    /** The registry host a config deploys from, or null when the function does not know its account. */
    public String registryOf(ServiceConfig config) {
        if (config.image().registry() != null) {
            return config.image().registry();
        }
        return accountId.map(account -> account + ".dkr.ecr." + region + ".amazonaws.com").orElse(null);
    }

    /** Why this image may not run in this service, or null when it may. */
    public String refusal(ServiceConfig config, ImageRef image) {
        String repository = config.image().repository();
        if (image == null || !image.isFrom(repository)) {
            return "image " + (image == null ? "(none)" : image.image()) + " is not from " + repository
                    + ", the repository the config follows";
        }
        String registry = registryOf(config);
        if (registry != null && !image.repositoryUri().equals(registry + "/" + repository)) {
            return "image " + image.image() + " is not from " + registry + "/" + repository + " (this service deploys"
                    + " only from " + (config.image().registry() == null
                    ? "the function's own account and region; set image.registry to follow another registry)"
                    : "image.registry)");
        }
        return null;
    }
}
