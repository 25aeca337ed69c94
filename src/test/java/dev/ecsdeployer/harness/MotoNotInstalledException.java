package dev.ecsdeployer.harness;

/** moto could not be found; the message says where we looked and how to install it. */
public final class MotoNotInstalledException extends IllegalStateException {
    public MotoNotInstalledException(String message) {
        super(message);
    }
}
