package dev.ecsdeployer.harness;

/** What the {@link FaultProxy} does instead of forwarding a call to moto. */
public enum Fault {
    /** HTTP 400 with the protocol's ThrottlingException / Throttling error shape. */
    THROTTLING,
    /** HTTP 400 AccessDeniedException / AccessDenied / UnauthorizedOperation: the caller's role lacks the action. */
    ACCESS_DENIED,
    /** HTTP 500 InternalFailure. */
    SERVER_ERROR,
    /** No answer until {@link FaultInjector#timeoutDelay()} has passed, then the connection closes. */
    TIMEOUT
}
