package dev.ecsdeployer.verify;

import dev.ecsdeployer.config.CpuArchitecture;

/**
 * An image platform as OCI names it ({@code linux/arm64}, {@code linux/arm64/v8}). The variant is
 * kept for messages only: Fargate runs any arm64 variant on Graviton and amd64 has none.
 */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", null);
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    /** What a Fargate task of this CPU architecture pulls. */
    public static Platform requiredBy(CpuArchitecture architecture) {
        return architecture == CpuArchitecture.ARM64 ? LINUX_ARM64 : LINUX_AMD64;
    }

    /** Same OS and architecture; the variant does not matter. */
    public boolean runs(Platform required) {
        return required.os().equals(os) && required.architecture().equals(architecture);
    }

    /** BuildKit attaches attestations as index entries with platform {@code unknown/unknown}; they run nowhere. */
    public boolean isAttestation() {
        return "unknown".equals(os) && "unknown".equals(architecture);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
