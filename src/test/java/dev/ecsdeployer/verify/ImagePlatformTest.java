package dev.ecsdeployer.verify;

import com.sun.net.httpserver.HttpServer;
import dev.ecsdeployer.harness.LoopbackHttpServer;
import dev.ecsdeployer.config.CpuArchitecture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Platforms from manifests, and which images may roll out to which architecture (pure, plus the blob fetch). */
class ImagePlatformTest {

    static final String IMAGE = "repo@sha256:" + "a".repeat(64);

    @Test
    void anOciIndexListsItsPlatformsWithoutTheAttestationEntry() {
        ImagePlatforms p = ManifestPlatforms.read(ManifestPlatforms.OCI_INDEX,
                TestManifests.index("linux/amd64", "linux/arm64/v8"));

        ImagePlatforms.Known known = assertInstanceOf(ImagePlatforms.Known.class, p);
        assertEquals(List.of(new Platform("linux", "amd64", null), new Platform("linux", "arm64", "v8")),
                known.platforms());
    }

    @Test
    void aDockerManifestListIsReadByItsOwnMediaTypeWhenEcrReportsNone() {
        ImagePlatforms p = ManifestPlatforms.read(null, TestManifests.dockerList("linux/arm64"));

        assertEquals(List.of(Platform.LINUX_ARM64), assertInstanceOf(ImagePlatforms.Known.class, p).platforms());
    }

    @Test
    void aSchema1ManifestNamesItsArchitecture() {
        ImagePlatforms p = ManifestPlatforms.read(ManifestPlatforms.DOCKER_V1_SIGNED, TestManifests.schema1("amd64"));

        assertEquals(List.of(Platform.LINUX_AMD64), assertInstanceOf(ImagePlatforms.Known.class, p).platforms());
    }

    @Test
    void aSingleManifestPointsAtItsConfigBlob() {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":10,"
                + "\"digest\":\"sha256:" + "c".repeat(64) + "\"},\"layers\":[]}";

        ImagePlatforms p = ManifestPlatforms.read(ManifestPlatforms.DOCKER_V2, manifest);

        assertEquals("sha256:" + "c".repeat(64), assertInstanceOf(ImagePlatforms.InConfigBlob.class, p).configDigest());
    }

    @Test
    void anIndexWithoutPlatformsOrAnUnknownMediaTypeIsUndetermined() {
        assertInstanceOf(ImagePlatforms.Undetermined.class, ManifestPlatforms.read(ManifestPlatforms.OCI_INDEX,
                "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:1\"}]}"));
        assertInstanceOf(ImagePlatforms.Undetermined.class, ManifestPlatforms.read(
                "application/vnd.cncf.helm.config.v1+json", "{}"));
        assertInstanceOf(ImagePlatforms.Undetermined.class, ManifestPlatforms.read(null, "not json"));
    }

    @Test
    void anImageTheRegistryRefusesToShowIsRefusedNamingThePermission() {
        PlatformVerdict denied = PlatformVerdict.judge(CpuArchitecture.ARM64, IMAGE,
                new ImagePlatforms.Denied("ecr:GetDownloadUrlForLayer", "not authorized"));

        assertTrue(denied.refused());
        assertTrue(denied.refusal().contains("allow ecr:GetDownloadUrlForLayer"), denied.refusal());
    }

    @Test
    void anAmd64OnlyImageIsRefusedForArm64AndAllowedForX86() {
        ImagePlatforms amd64 = new ImagePlatforms.Known(List.of(Platform.LINUX_AMD64), "image index");

        PlatformVerdict arm = PlatformVerdict.judge(CpuArchitecture.ARM64, IMAGE, amd64);
        PlatformVerdict x86 = PlatformVerdict.judge(CpuArchitecture.X86_64, IMAGE, amd64);

        assertTrue(arm.refused());
        assertTrue(arm.refusal().contains("[linux/amd64]") && arm.refusal().contains("needs linux/arm64"), arm.refusal());
        assertFalse(x86.refused());
        assertTrue(x86.notices().isEmpty());
    }

    @Test
    void anArm64VariantRunsOnArm64() {
        ImagePlatforms v8 = new ImagePlatforms.Known(List.of(new Platform("linux", "arm64", "v8")), "image index");

        assertFalse(PlatformVerdict.judge(CpuArchitecture.ARM64, IMAGE, v8).refused());
        assertTrue(PlatformVerdict.judge(CpuArchitecture.X86_64, IMAGE, v8).refused());
    }

    @Test
    void aMissingImageIsRefusedAndAnUndeterminedPlatformIsAllowedWithANotice() {
        PlatformVerdict missing = PlatformVerdict.judge(CpuArchitecture.ARM64, IMAGE,
                new ImagePlatforms.Missing("image x is not in ECR"));
        PlatformVerdict unknown = PlatformVerdict.judge(CpuArchitecture.ARM64, IMAGE,
                new ImagePlatforms.Undetermined("no permission"));

        assertEquals("image x is not in ECR", missing.refusal());
        assertNull(unknown.refusal());
        assertTrue(unknown.notices().get(0).contains("not verified (no permission)"), unknown.notices().toString());
    }

    @Test
    void theConfigBlobIsFetchedAndCheckedAgainstItsDigest() throws IOException {
        String config = "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\",\"rootfs\":{}}";
        byte[] body = config.getBytes(StandardCharsets.UTF_8);
        HttpServer server = LoopbackHttpServer.create(0);
        server.createContext("/blob", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/blob");

            ImagePlatforms ok = ConfigBlobReader.fetch(url, ConfigBlobReader.sha256(body));
            ImagePlatforms tampered = ConfigBlobReader.fetch(url, "sha256:" + "0".repeat(64));

            assertEquals(List.of(new Platform("linux", "arm64", "v8")),
                    assertInstanceOf(ImagePlatforms.Known.class, ok).platforms());
            assertTrue(assertInstanceOf(ImagePlatforms.Undetermined.class, tampered).reason().contains("digest"));
        } finally {
            server.stop(0);
        }
    }
}
