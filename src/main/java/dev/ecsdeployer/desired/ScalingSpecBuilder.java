package dev.ecsdeployer.desired;

import dev.ecsdeployer.config.AlarmConfig;
import dev.ecsdeployer.config.CustomMetricTargetConfig;
import dev.ecsdeployer.config.ScalingConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.StepConfig;
import dev.ecsdeployer.config.StepScalingConfig;
import dev.ecsdeployer.config.TargetTrackingConfig;
import dev.ecsdeployer.desired.ScalingSpec.CustomMetricSpec;
import dev.ecsdeployer.desired.ScalingSpec.MetricAlarmSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalableTargetSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalingPolicySpec;
import dev.ecsdeployer.desired.ScalingSpec.StepAdjustmentSpec;
import dev.ecsdeployer.desired.ScalingSpec.StepScalingSpec;
import dev.ecsdeployer.desired.ScalingSpec.TargetTrackingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.ecsdeployer.desired.DesiredStateBuilder.sorted;

/** Config → scalable target, policies and owned alarms. Pure. */
public final class ScalingSpecBuilder {

    /** Policy names are per scalable target; this prefix marks the ones the deployer owns. */
    public static final String POLICY_PREFIX = "ecs-deployer-";
    public static final String CPU = POLICY_PREFIX + "cpu";
    public static final String MEMORY = POLICY_PREFIX + "memory";
    public static final String REQUESTS = POLICY_PREFIX + "requests";
    public static final String CUSTOM = POLICY_PREFIX + "custom-metric";
    public static final String STEP = POLICY_PREFIX + "step-scaling";

    private static final Pattern PERCENTILE = Pattern.compile("p\\d{1,2}(\\.\\d{1,2})?");

    private ScalingSpecBuilder() {
    }

    public static ScalingSpec build(ServiceConfig config) {
        List<MetricAlarmSpec> alarms = new ArrayList<>();
        ScalingConfig scaling = config.scaling();
        ScalableTargetSpec target = null;
        List<ScalingPolicySpec> policies = new ArrayList<>();
        if (scaling != null) {
            target = new ScalableTargetSpec(resourceId(config), scaling.minCapacity(), scaling.maxCapacity());
            if (scaling.cpu() != null) {
                policies.add(predefined(CPU, "ECSServiceAverageCPUUtilization", null, scaling.cpu()));
            }
            if (scaling.memory() != null) {
                policies.add(predefined(MEMORY, "ECSServiceAverageMemoryUtilization", null, scaling.memory()));
            }
            if (scaling.requestCount() != null) {
                policies.add(predefined(REQUESTS, "ALBRequestCountPerTarget", resourceLabel(config),
                        scaling.requestCount()));
            }
            if (scaling.customMetric() != null) {
                CustomMetricTargetConfig c = scaling.customMetric();
                policies.add(new ScalingPolicySpec(CUSTOM, "TargetTrackingScaling",
                        new TargetTrackingSpec(c.targetValue(), null, null,
                                new CustomMetricSpec(c.metricName(), c.namespace(), sorted(c.dimensions()), c.statistic()),
                                c.scaleInCooldown(), c.scaleOutCooldown()),
                        null));
            }
            if (scaling.stepScaling() != null) {
                StepScalingConfig s = scaling.stepScaling();
                boolean percentile = isPercentile(s.statistic());
                List<StepAdjustmentSpec> steps = s.steps().stream()
                        .map(ScalingSpecBuilder::step)
                        .toList();
                policies.add(new ScalingPolicySpec(STEP, "StepScaling", null,
                        new StepScalingSpec("ChangeInCapacity", s.cooldown(), aggregation(s.statistic()),
                                steps)));
                alarms.add(new MetricAlarmSpec(DesiredStateBuilder.alarmPrefix(config) + "step-scaling", s.metricName(), s.namespace(), sorted(s.dimensions()),
                        percentile ? null : s.statistic(), percentile ? s.statistic() : null,
                        s.period(), s.evaluationPeriods(), s.threshold(), s.comparisonOperator(), null,
                        STEP));
            }
        }
        for (AlarmConfig a : config.deploymentAlarms()) {
            boolean percentile = isPercentile(a.statistic());
            alarms.add(new MetricAlarmSpec(DesiredStateBuilder.alarmName(config, a), a.metricName(), a.namespace(),
                    sorted(a.dimensions()), percentile ? null : a.statistic(), percentile ? a.statistic() : null,
                    a.period(), a.evaluationPeriods(), a.threshold(), a.comparisonOperator(), "missing".equals(a.treatMissingData()) ? null : a.treatMissingData(),
                    null));
        }
        return new ScalingSpec(resourceId(config), target, List.copyOf(policies), List.copyOf(alarms));
    }

    /** {@code service/<cluster>/<service>}: how Application Auto Scaling names an ECS service. */
    public static String resourceId(ServiceConfig config) {
        return "service/" + config.service().cluster() + "/" + config.service().serviceName();
    }

    /**
     * ALB request-count label {@code app/<lb>/<id>/targetgroup/<tg>/<id>}: the load balancer's
     * ARN suffix, a slash, the target group's ARN suffix.
     */
    static String resourceLabel(ServiceConfig config) {
        String lb = config.service().loadBalancer().loadBalancerArn();
        String tg = config.service().loadBalancer().targetGroupArn();
        return lb.substring(lb.indexOf(":loadbalancer/") + ":loadbalancer/".length())
                + "/" + tg.substring(tg.indexOf(":targetgroup/") + 1);
    }

    static boolean isPercentile(String statistic) {
        return statistic != null && PERCENTILE.matcher(statistic).matches();
    }

    /** Step policies aggregate with Average, Minimum or Maximum only; a percentile alarm aggregates as Average. */
    private static String aggregation(String statistic) {
        return List.of("Minimum", "Maximum").contains(statistic) ? statistic : "Average";
    }

    private static ScalingPolicySpec predefined(String name, String metricType, String label, TargetTrackingConfig t) {
        return new ScalingPolicySpec(name, "TargetTrackingScaling",
                new TargetTrackingSpec(t.targetValue(), metricType, label, null, t.scaleInCooldown(), t.scaleOutCooldown()),
                null);
    }

    private static StepAdjustmentSpec step(StepConfig s) {
        return new StepAdjustmentSpec(s.lowerBound(), s.upperBound(), s.adjustment());
    }
}
