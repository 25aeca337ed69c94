package dev.ecsdeployer.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the platforms out of an image manifest (pure). An image index (Docker manifest list or
 * OCI index) lists a platform per entry; a Docker schema 1 manifest names its architecture
 * itself; a single Docker v2 or OCI manifest names it only in its config blob.
 */
public final class ManifestPlatforms {

    public static final String DOCKER_V1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    /**
     * Every manifest type ECR stores. Asking for all of them makes ECR return the manifest as
     * pushed (an index stays an index) instead of converting it to one it may not be.
     */
    public static final List<String> ACCEPTED = List.of(OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_V2,
            DOCKER_V1_SIGNED, DOCKER_V1);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestPlatforms() {
    }

    /**
     * @param mediaType the media type ECR reports ({@code imageManifestMediaType}); when absent the
     *                  manifest's own {@code mediaType} field is used
     */
    public static ImagePlatforms read(String mediaType, String manifest) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(manifest);
        } catch (JsonProcessingException e) {
            return new ImagePlatforms.Undetermined("the image manifest is not JSON: " + e.getOriginalMessage());
        }
        if (doc == null || !doc.isObject()) {
            return new ImagePlatforms.Undetermined("the image manifest is not a JSON object");
        }
        String type = mediaType != null && !mediaType.isBlank() ? mediaType : doc.path("mediaType").asText("");
        if (type.isEmpty() && doc.path("schemaVersion").asInt() == 1) {
            type = DOCKER_V1;
        }
        return switch (type) {
            case OCI_INDEX, DOCKER_LIST -> index(doc, type);
            case DOCKER_V1, DOCKER_V1_SIGNED -> schema1(doc);
            case OCI_MANIFEST, DOCKER_V2 -> single(doc);
            default -> new ImagePlatforms.Undetermined("manifest media type '" + type + "' is not an image"
                    + " manifest or index this deployer reads (" + String.join(", ", ACCEPTED) + ")");
        };
    }

    /** The platform an image config blob names ({@code os}, {@code architecture}, {@code variant}). */
    public static ImagePlatforms fromConfig(String configJson) {
        try {
            JsonNode config = MAPPER.readTree(configJson);
            String os = config == null ? "" : config.path("os").asText("");
            String architecture = config == null ? "" : config.path("architecture").asText("");
            if (os.isEmpty() || architecture.isEmpty()) {
                return new ImagePlatforms.Undetermined("the image config names no os/architecture");
            }
            return new ImagePlatforms.Known(List.of(new Platform(os, architecture,
                    config.path("variant").asText(null))), "image config");
        } catch (JsonProcessingException e) {
            return new ImagePlatforms.Undetermined("the image config is not JSON: " + e.getOriginalMessage());
        }
    }

    private static ImagePlatforms index(JsonNode doc, String type) {
        List<Platform> platforms = new ArrayList<>();
        for (JsonNode entry : doc.path("manifests")) {
            JsonNode p = entry.path("platform");
            if (p.hasNonNull("os") && p.hasNonNull("architecture")) {
                Platform platform = new Platform(p.get("os").asText(), p.get("architecture").asText(),
                        p.path("variant").asText(null));
                if (!platform.isAttestation()) {
                    platforms.add(platform);
                }
            }
        }
        if (platforms.isEmpty()) {
            return new ImagePlatforms.Undetermined("the image index (" + type + ") names no platform for any entry");
        }
        return new ImagePlatforms.Known(platforms, "image index");
    }

    private static ImagePlatforms schema1(JsonNode doc) {
        String architecture = doc.path("architecture").asText("");
        if (architecture.isEmpty()) {
            return new ImagePlatforms.Undetermined("the schema 1 manifest names no architecture");
        }
        // Schema 1 predates multi-OS images: every such image is a Linux image.
        return new ImagePlatforms.Known(List.of(new Platform("linux", architecture, null)), "schema 1 manifest");
    }

    private static ImagePlatforms single(JsonNode doc) {
        String digest = doc.path("config").path("digest").asText("");
        if (digest.isEmpty()) {
            return new ImagePlatforms.Undetermined("the image manifest has no config digest");
        }
        return new ImagePlatforms.InConfigBlob(digest);
    }
}
