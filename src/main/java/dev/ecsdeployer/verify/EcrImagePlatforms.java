package dev.ecsdeployer.verify;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.util.function.Supplier;

/**
 * Reads a pushed image's platforms from ECR: one BatchGetImage for the manifest as pushed, and for
 * a single-image manifest its config blob ({@link ConfigBlobReader}).
 */
public final class EcrImagePlatforms {

    private final Supplier<EcrClient> ecr;
    private final ConfigBlobReader blobs;

    public EcrImagePlatforms(Supplier<EcrClient> ecr, ConfigBlobReader blobs) {
        this.ecr = ecr;
        this.blobs = blobs;
    }

    /** Whether AWS refused the call for want of a permission (not a throttle, fault or bad signature). */
    static boolean accessDenied(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && ("AccessDeniedException".equals(a.awsErrorDetails().errorCode())
                        || "AccessDenied".equals(a.awsErrorDetails().errorCode()));
    }

    /** @param registryId the account of the registry (the push event's account); null = the caller's */
    public ImagePlatforms read(String registryId, String repository, String digest) {
        String image = repository + "@" + digest;
        BatchGetImageResponse r;
        try {
            r = ecr.get().batchGetImage(b -> b.registryId(registryId).repositoryName(repository)
                    .imageIds(i -> i.imageDigest(digest)).acceptedMediaTypes(ManifestPlatforms.ACCEPTED));
        } catch (RepositoryNotFoundException e) {
            return new ImagePlatforms.Missing("ECR repository '" + repository + "' does not exist");
        } catch (SdkException e) {
            if (accessDenied(e)) {
                return new ImagePlatforms.Denied("ecr:BatchGetImage", e.getMessage());
            }
            return new ImagePlatforms.Undetermined("ECR BatchGetImage of " + image + " failed: " + e.getMessage());
        }
        if (r.images().isEmpty()) {
            ImageFailure failure = r.failures().isEmpty() ? null : r.failures().get(0);
            if (failure == null || failure.failureCode() == ImageFailureCode.IMAGE_NOT_FOUND) {
                return new ImagePlatforms.Missing("image " + image + " is not in ECR");
            }
            return new ImagePlatforms.Undetermined("ECR could not return the manifest of " + image + ": "
                    + failure.failureCodeAsString() + " " + failure.failureReason());
        }
        Image found = r.images().get(0);
        ImagePlatforms platforms = ManifestPlatforms.read(found.imageManifestMediaType(), found.imageManifest());
        if (platforms instanceof ImagePlatforms.InConfigBlob blob) {
            return blobs.read(registryId, repository, blob.configDigest());
        }
        return platforms;
    }
}
