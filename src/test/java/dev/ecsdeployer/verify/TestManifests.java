package dev.ecsdeployer.verify;

import software.amazon.awssdk.services.ecr.EcrClient;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Image manifests as registries store them, and a way to push them to (moto's) ECR by digest. */
public final class TestManifests {

    private TestManifests() {
    }

    /** An OCI image index with one entry per {@code os/arch[/variant]}, plus a BuildKit attestation entry. */
    public static String index(String... platforms) {
        String entries = Arrays.stream(platforms).map(p -> {
            String[] parts = p.split("/");
            return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":500,\"digest\":\""
                    + ConfigBlobReader.sha256(p.getBytes(StandardCharsets.UTF_8)) + "\",\"platform\":{\"os\":\""
                    + parts[0] + "\",\"architecture\":\"" + parts[1] + "\""
                    + (parts.length > 2 ? ",\"variant\":\"" + parts[2] + "\"" : "") + "}}";
        }).collect(Collectors.joining(","));
        String attestation = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":300,"
                + "\"digest\":\"" + ConfigBlobReader.sha256(("att" + String.join(",", platforms)).getBytes(StandardCharsets.UTF_8))
                + "\",\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"},"
                + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}";
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + entries + "," + attestation + "]}";
    }

    /** A Docker manifest list (what `docker manifest create` pushes). */
    public static String dockerList(String... platforms) {
        return index(platforms).replace("application/vnd.oci.image.index.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json");
    }

    /** A Docker schema 1 manifest, which names its architecture itself. */
    public static String schema1(String architecture) {
        return "{\"schemaVersion\":1,\"name\":\"app\",\"tag\":\"v1\",\"architecture\":\"" + architecture
                + "\",\"fsLayers\":[],\"history\":[]}";
    }

    /** Stores the manifest in ECR under its real digest and the tag; returns the digest. */
    public static String put(EcrClient ecr, String repository, String tag, String manifest) {
        String digest = ConfigBlobReader.sha256(manifest.getBytes(StandardCharsets.UTF_8));
        ecr.putImage(b -> b.repositoryName(repository).imageManifest(manifest).imageTag(tag).imageDigest(digest));
        return digest;
    }
}
