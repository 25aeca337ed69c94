package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One service's desired state, as kept in SSM at {@code /<prefix>/<environment>/<name>}.
 * Fields left out of the document are filled by {@link ConfigDefaults} (environment defaults
 * of the seed) after the environment's {@code _defaults} document has been merged in.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceConfig(
        String name,
        String project,
        String environment,
        ImageSource image,
        TaskDefinitionConfig taskDefinition,
        LogGroupConfig logGroup,
        ServiceSettings service,
        ScalingConfig scaling,
        List<AlarmConfig> deploymentAlarms,
        DriftPolicy driftPolicy,
        CostConfig cost,
        List<FreezeWindow> deployFreeze,
        StuckDeploymentConfig stuckDeployment,
        AccountConfig account) {

    /** {@code <project>-<environment>}: the seed's base name. */
    public String baseName() {
        return project + "-" + environment;
    }

    /** {@code <project>-<environment>-<name>}: the default family and ECS service name. */
    public String qualifiedName() {
        return baseName() + "-" + name;
    }
}
