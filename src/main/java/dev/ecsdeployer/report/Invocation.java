package dev.ecsdeployer.report;

import org.jboss.logging.MDC;

/**
 * The Lambda request being handled, for the log: every line the deployer writes carries its id
 * ({@code requestId} in report and metric lines, {@code mdc.requestId} in the framework's own lines).
 * One invocation at a time per instance, as Lambda runs them; null outside one (init, priming).
 */
public final class Invocation {

    public static final String MDC_KEY = "requestId";
    private static volatile String requestId;

    private Invocation() {
    }

    public static void begin(String id) {
        requestId = id;
        if (id == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, id);
        }
    }

    public static void end() {
        requestId = null;
        MDC.remove(MDC_KEY);
    }

    public static String requestId() {
        return requestId;
    }
}
