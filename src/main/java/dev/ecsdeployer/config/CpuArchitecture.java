package dev.ecsdeployer.config;

/** Fargate CPU architecture; ARM64 is Graviton (about 20 % cheaper, needs an arm64 image). */
public enum CpuArchitecture {
    X86_64,
    ARM64
}
