package dev.ecsdeployer.desired;

import java.util.regex.Pattern;

/**
 * An image pinned by digest: {@code <repositoryUri>@sha256:<hex>}. ECS resolves tags itself,
 * but pinning the digest from the push makes every task of the deployment run exactly the
 * pushed image and makes the task definition say which one it is.
 */
public record ImageRef(String repositoryUri, String digest, String tag) {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImageRef {
        if (repositoryUri == null || repositoryUri.isBlank()) {
            throw new IllegalArgumentException("image repository URI is empty");
        }
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("image digest '" + digest + "' is not sha256:<64 hex digits>");
        }
    }

    public static boolean isDigest(String value) {
        return value != null && DIGEST.matcher(value).matches();
    }

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>}. */
    public static String ecrRepositoryUri(String account, String region, String repository) {
        return account + ".dkr.ecr." + region + ".amazonaws.com/" + repository;
    }

    /** Whether this image comes from the named repository (of any registry). */
    public boolean isFrom(String repository) {
        return repositoryUri.endsWith("/" + repository);
    }

    public String image() {
        return repositoryUri + "@" + digest;
    }

    /** Parses the {@code image} field of a container definition; null when it is not pinned by digest. */
    public static ImageRef parse(String image) {
        int at = image == null ? -1 : image.indexOf('@');
        if (at < 0 || !isDigest(image.substring(at + 1))) {
            return null;
        }
        return new ImageRef(image.substring(0, at), image.substring(at + 1), null);
    }
}
