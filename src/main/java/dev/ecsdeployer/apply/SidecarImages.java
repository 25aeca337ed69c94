package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.config.ContainerConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.ImageRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images of the containers that do not follow the pushed one: each must come from the config's registry
 * (when the config leaves {@code image.registry} out, the followed image's) or from one the environment's
 * {@code _defaults} allows; an image pinned by tag is pinned to the digest the tag names now.
 */
final class SidecarImages {

    private static final Pattern IMAGE = Pattern.compile("([^/]+)/(.+?)(?:@(sha256:[0-9a-f]{64})|:([^:@/]+))");

    private SidecarImages() {
    }

    /**
     * @return each tag-pinned image as written → pinned by digest
     * @throws EcrImages.ImageNotFound when a tag names no image, or an image comes from a registry not allowed
     */
    static Map<String, String> pin(ServiceConfig config, ImageRef followed, EcrImages images) {
        Map<String, String> pinned = new LinkedHashMap<>();
        List<ContainerConfig> containers = config.taskDefinition().containers();
        if (containers == null) {
            return pinned;
        }
        String own = config.image().registry() != null ? config.image().registry()
                : followed == null ? null : followed.repositoryUri().substring(0, followed.repositoryUri().indexOf('/'));
        List<String> allowed = config.image().sidecarRegistries() == null ? List.of() : config.image().sidecarRegistries();
        for (ContainerConfig c : containers) {
            if (c.follows() || c.image() == null) {
                continue;
            }
            Matcher m = IMAGE.matcher(c.image());
            if (!m.matches()) {
                continue; // the validator has reported it
            }
            String registry = m.group(1);
            if (!registry.equals(own) && !allowed.contains(registry)) {
                throw new EcrImages.ImageNotFound("container " + c.name() + ": image " + c.image() + " comes from"
                        + " registry " + registry + ", which is neither the config's registry (" + own + ") nor one"
                        + " the environment's _defaults allows (image.sidecarRegistries); nothing was changed");
            }
            if (m.group(4) != null) {
                pinned.put(c.image(), images.pinTag(registry, m.group(2), m.group(4)));
            }
        }
        return pinned;
    }
}
