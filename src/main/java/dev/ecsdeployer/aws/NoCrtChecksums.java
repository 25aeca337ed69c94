package dev.ecsdeployer.aws;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Native image only: the SDK's checksum provider names the AWS CRT's CRC32C, CRC64NVME and XXHash
 * classes directly, and the function does not carry the CRT (its checksums are the JDK's). Quarkus links
 * the image at build time, where an unresolved class is an error, so the two methods are replaced
 * by what they do on the JVM without the CRT (the way the Quarkus AWS extensions handle it). The
 * image build names any other: it stops on an unresolved type in reachable code.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class NoCrtChecksums {

    private NoCrtChecksums() {
    }

    /** Without the CRT: no CRT CRC32C (the caller falls back to the JDK's java.util.zip.CRC32C). */
    @Substitute
    static SdkChecksum createCrtCrc32C() {
        return null;
    }

    /** Without the CRT the SDK has no CRC64NVME: the same error as on the JVM. */
    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new RuntimeException("Could not load software.amazon.awssdk.crt.checksums.CRC64NVME. Add dependency on"
                + " 'software.amazon.awssdk.crt:aws-crt' module to enable CRC64NVME feature.");
    }

    /** Without the CRT the SDK has no XXHash checksums: the same error as on the JVM. */
    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new RuntimeException(String.format("Could not load %s for algorithm: %s. Add dependency on '%s' module.",
                "software.amazon.awssdk.crt.checksums.XXHash", algorithm.algorithmId(), "software.amazon.awssdk.crt:aws-crt"));
    }
}
