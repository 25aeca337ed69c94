package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Log group; the name defaults to {@code /ecs/<project>-<env>/<service>}, retention to 30 (prod) or 7 days. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogGroupConfig(String name, Integer retentionDays) {
}
