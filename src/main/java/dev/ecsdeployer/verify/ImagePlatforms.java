package dev.ecsdeployer.verify;

import java.util.List;

/** What an image's manifest says about the platforms it runs on. */
public sealed interface ImagePlatforms {

    /** The platforms are known: listed by an image index, or named by a single image's config. */
    record Known(List<Platform> platforms, String source) implements ImagePlatforms {
        public Known {
            platforms = List.copyOf(platforms);
        }
    }

    /** A single-image manifest: its platform is in the config blob with this digest. */
    record InConfigBlob(String configDigest) implements ImagePlatforms {
    }

    /** The image is not in the registry: nothing could run. */
    record Missing(String reason) implements ImagePlatforms {
    }

    /**
     * The registry refused the deployer a read: the image cannot be checked, and a deployer that may
     * not read an image is not one that should roll it out.
     *
     * @param permission the IAM action that was denied, e.g. {@code ecr:BatchGetImage}
     */
    record Denied(String permission, String reason) implements ImagePlatforms {
    }

    /** The platform could not be determined (unreadable manifest, registry gap, blob store unreachable). */
    record Undetermined(String reason) implements ImagePlatforms {
    }
}
