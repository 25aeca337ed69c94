package dev.ecsdeployer.trigger;

/** An event or command the deployer cannot act on; the message says what is wrong and what is accepted. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
