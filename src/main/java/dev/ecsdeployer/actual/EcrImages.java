package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.ImageRef;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.time.Instant;
import java.util.function.Supplier;

/** Resolves an image by tag or digest in ECR, for commands and config changes (a push names its digest). */
public final class EcrImages {

    /** Built on first use: only commands resolve images, a push names its digest. */
    private final Supplier<EcrClient> ecr;
    private final String region;

    public EcrImages(Supplier<EcrClient> ecr, String region) {
        this.ecr = ecr;
        this.region = region;
    }

    /** The image, pinned by digest, with its push time; a clear error when it does not exist. */
    public Resolved resolve(String registryOverride, String repository, String tag, String digest) {
        ImageIdentifier id = digest != null ? ImageIdentifier.builder().imageDigest(digest).build()
                : ImageIdentifier.builder().imageTag(tag).build();
        DescribeImagesResponse r;
        try {
            r = ecr.get().describeImages(b -> b.repositoryName(repository).imageIds(id));
        } catch (ImageNotFoundException e) {
            throw new ImageNotFound("image " + repository + (digest != null ? "@" + digest : ":" + tag)
                    + " does not exist in ECR");
        } catch (RepositoryNotFoundException e) {
            throw new ImageNotFound("ECR repository '" + repository + "' does not exist");
        }
        if (r.imageDetails().isEmpty()) {
            throw new ImageNotFound("image " + repository + (digest != null ? "@" + digest : ":" + tag)
                    + " does not exist in ECR");
        }
        ImageDetail d = r.imageDetails().get(0);
        String uri = registryOverride != null ? registryOverride + "/" + repository
                : ImageRef.ecrRepositoryUri(d.registryId(), region, repository);
        return new Resolved(new ImageRef(uri, d.imageDigest(), tag), d.imagePushedAt());
    }

    /**
     * A tag of a repository in an ECR registry ({@code <account>.dkr.ecr.<region>.amazonaws.com}) → the image
     * pinned by digest: how a sidecar pinned by tag is pinned at each reconcile.
     */
    public String pinTag(String registry, String repository, String tag) {
        String account = registry.substring(0, registry.indexOf('.'));
        DescribeImagesResponse r;
        try {
            r = ecr.get().describeImages(b -> b.registryId(account).repositoryName(repository)
                    .imageIds(ImageIdentifier.builder().imageTag(tag).build()));
        } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            throw new ImageNotFound("sidecar image " + registry + "/" + repository + ":" + tag + " does not exist in ECR");
        }
        if (r.imageDetails().isEmpty()) {
            throw new ImageNotFound("sidecar image " + registry + "/" + repository + ":" + tag + " does not exist in ECR");
        }
        return registry + "/" + repository + "@" + r.imageDetails().get(0).imageDigest();
    }

    public record Resolved(ImageRef image, Instant pushedAt) {
    }

    /** The image or repository named does not exist. */
    public static final class ImageNotFound extends RuntimeException {
        public ImageNotFound(String message) {
            super(message);
        }
    }
}
