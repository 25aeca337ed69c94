package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code service.preDeploy}: a one-off task of the new revision (a database migration, say) that must
 * exit 0 before the new image is rolled out. It runs with {@code command} in place of the service
 * container's command, optionally with another task size ({@code cpu}/{@code memory}, a Fargate pair
 * with the task's own values), and fails when it has not stopped after {@code timeoutMinutes}
 * (default 30).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreDeployConfig(List<String> command, Integer cpu, Integer memory, Integer timeoutMinutes) {

    static final int DEFAULT_TIMEOUT_MINUTES = 30;
    static final int MIN_TIMEOUT_MINUTES = 1;
    /** A migration that runs longer than half a day is no pre-deploy step. */
    static final int MAX_TIMEOUT_MINUTES = 720;

    PreDeployConfig resolved() {
        return new PreDeployConfig(command == null ? List.of() : List.copyOf(command), cpu, memory,
                timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : timeoutMinutes);
    }
}
