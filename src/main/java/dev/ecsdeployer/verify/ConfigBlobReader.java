package dev.ecsdeployer.verify;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Reads an image's config blob, where a single-image manifest keeps its os and architecture: ECR
 * hands out a short-lived download URL (GetDownloadUrlForLayer) and the blob is fetched from it and
 * checked against its digest. Any failure leaves the platform undetermined, never guessed.
 */
public final class ConfigBlobReader {

    /** Image configs are a few KB; anything far larger is not one. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int READ_TIMEOUT_MS = 5_000;

    /** A client with few retries: this lookup is advisory and must not hold a deploy for half a minute. */
    private final Supplier<EcrClient> ecr;

    public ConfigBlobReader(Supplier<EcrClient> ecr) {
        this.ecr = ecr;
    }

    public ImagePlatforms read(String registryId, String repository, String configDigest) {
        String url;
        try {
            url = ecr.get().getDownloadUrlForLayer(b -> b.registryId(registryId).repositoryName(repository)
                    .layerDigest(configDigest)).downloadUrl();
        } catch (SdkException e) {
            if (EcrImagePlatforms.accessDenied(e)) {
                return new ImagePlatforms.Denied("ecr:GetDownloadUrlForLayer", firstLine(e.getMessage()));
            }
            return new ImagePlatforms.Undetermined("ECR GetDownloadUrlForLayer of config " + configDigest
                    + " failed: " + firstLine(e.getMessage()));
        }
        return fetch(URI.create(url), configDigest);
    }

    /** GETs the blob and checks it has the digest the manifest names. */
    static ImagePlatforms fetch(URI url, String configDigest) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setInstanceFollowRedirects(true);
            try {
                if (c.getResponseCode() != 200) {
                    return new ImagePlatforms.Undetermined("config " + configDigest + " download answered HTTP "
                            + c.getResponseCode());
                }
                byte[] body;
                try (InputStream in = c.getInputStream()) {
                    body = in.readNBytes(MAX_BYTES + 1);
                }
                if (body.length > MAX_BYTES) {
                    return new ImagePlatforms.Undetermined("config " + configDigest + " is larger than "
                            + MAX_BYTES + " bytes");
                }
                String actual = sha256(body);
                if (!actual.equals(configDigest)) {
                    return new ImagePlatforms.Undetermined("downloaded config has digest " + actual
                            + ", the manifest names " + configDigest);
                }
                return ManifestPlatforms.fromConfig(new String(body, StandardCharsets.UTF_8));
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return new ImagePlatforms.Undetermined("config " + configDigest + " download failed: " + e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
