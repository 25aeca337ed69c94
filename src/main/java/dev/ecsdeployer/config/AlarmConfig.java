package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * A CloudWatch alarm the deployer creates and attaches to the service's deployment
 * configuration, so that the alarm firing during a rollout rolls it back. The alarm is named
 * {@code <project>-<env>-<service>-<name>}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmConfig(
        String name,
        String metricName,
        String namespace,
        Map<String, String> dimensions,
        String statistic,
        Integer period,
        Integer evaluationPeriods,
        Double threshold,
        String comparisonOperator,
        String treatMissingData) {
}
