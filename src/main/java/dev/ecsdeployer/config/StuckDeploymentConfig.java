package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * When the scheduled drift check calls a deployment stuck: still in progress {@code afterMinutes}
 * after it started (default 30). With {@code rollback} (default false) it then deploys the last
 * image whose deployment completed, as the {@code rollback} command does.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StuckDeploymentConfig(Integer afterMinutes, Boolean rollback) {

    static final int DEFAULT_AFTER_MINUTES = 30;

    StuckDeploymentConfig resolved() {
        return new StuckDeploymentConfig(afterMinutes == null ? DEFAULT_AFTER_MINUTES : afterMinutes,
                Boolean.TRUE.equals(rollback));
    }

    static StuckDeploymentConfig defaults() {
        return new StuckDeploymentConfig(DEFAULT_AFTER_MINUTES, false);
    }
}
