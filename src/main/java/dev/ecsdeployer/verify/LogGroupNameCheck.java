package dev.ecsdeployer.verify;

import dev.ecsdeployer.config.ServiceConfig;

import java.util.List;

/**
 * The log group must be named {@code /ecs/<project>-<env>/<service>} (pure). Validation accepts any
 * well-formed name; verify points out one that breaks the convention dashboards, the deployer's
 * IAM policy ({@code log-group:/ecs/*}) and log queries rely on.
 */
public final class LogGroupNameCheck {

    private LogGroupNameCheck() {
    }

    public static String expected(ServiceConfig config) {
        return "/ecs/" + config.baseName() + "/" + config.name();
    }

    public static List<Finding> check(ServiceConfig config) {
        String name = config.logGroup() == null ? null : config.logGroup().name();
        String expected = expected(config);
        if (expected.equals(name)) {
            return List.of();
        }
        return List.of(new Finding("logGroup.name", "'" + name + "'", "must follow /ecs/<project>-<env>/<service>: '"
                + expected + "'"));
    }
}
