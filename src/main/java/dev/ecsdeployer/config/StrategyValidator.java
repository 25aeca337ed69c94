package dev.ecsdeployer.config;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.ecsdeployer.config.AwsFormats.*;

/**
 * The ECS deployment strategy's rules, as ECS checks them on CreateService and UpdateService (API reference:
 * DeploymentConfiguration, LinearConfiguration, CanaryConfiguration, DeploymentLifecycleHook, AdvancedConfiguration):
 * which settings belong to which strategy, their ranges, and the load balancer settings a traffic shift needs. The
 * circuit breaker with rollback stays required with every strategy ({@link ConfigValidator}).
 */
final class StrategyValidator {

    private static final String PATH = "service.deployment.";
    private static final String ADVANCED = "service.loadBalancer.advancedConfiguration";
    private static final String SHIFTING = "BLUE_GREEN, LINEAR or CANARY";

    private StrategyValidator() {
    }

    static void check(ServiceSettings service, Problems problems) {
        DeploymentSettings d = service.deployment();
        RolloutStrategy strategy = d.strategy();
        AdvancedLoadBalancerConfig advanced = service.loadBalancer() == null ? null
                : service.loadBalancer().advancedConfiguration();
        if (!strategy.shiftsTraffic()) {
            onlyWithShifting(PATH + "bakeTimeInMinutes", d.bakeTimeInMinutes(), problems);
            onlyWithShifting(PATH + "lifecycleHooks", d.lifecycleHooks().isEmpty() ? null : d.lifecycleHooks(), problems);
            onlyWithShifting(ADVANCED, advanced, problems);
        }
        if (strategy != RolloutStrategy.LINEAR && d.linearConfiguration() != null) {
            problems.add(PATH + "linearConfiguration", null, "is set, but strategy is " + strategy
                    + "; it applies only with strategy LINEAR");
        }
        if (strategy != RolloutStrategy.CANARY && d.canaryConfiguration() != null) {
            problems.add(PATH + "canaryConfiguration", null, "is set, but strategy is " + strategy
                    + "; it applies only with strategy CANARY");
        }
        if (strategy == RolloutStrategy.BLUE_GREEN && d.bakeTimeInMinutes() == null) {
            problems.add(PATH + "bakeTimeInMinutes", null, "is required with strategy BLUE_GREEN (ECS requires it):"
                    + " the minutes both revisions keep running after all production traffic moved, 0 to 1440");
        }
        problems.between(PATH + "bakeTimeInMinutes", d.bakeTimeInMinutes(), 0, 1440, " minutes");
        if (strategy == RolloutStrategy.LINEAR && d.linearConfiguration() != null) {
            percent(PATH + "linearConfiguration.stepPercent", d.linearConfiguration().stepPercent(), "3.0", problems);
            problems.between(PATH + "linearConfiguration.stepBakeTimeInMinutes",
                    d.linearConfiguration().stepBakeTimeInMinutes(), 0, 1440, " minutes");
        }
        if (strategy == RolloutStrategy.CANARY && d.canaryConfiguration() != null) {
            percent(PATH + "canaryConfiguration.canaryPercent", d.canaryConfiguration().canaryPercent(), "0.1",
                    problems);
            problems.between(PATH + "canaryConfiguration.canaryBakeTimeInMinutes",
                    d.canaryConfiguration().canaryBakeTimeInMinutes(), 0, 1440, " minutes");
        }
        if (strategy.shiftsTraffic()) {
            checkLoadBalancer(service, strategy, advanced, problems);
        }
        checkHooks(d.lifecycleHooks(), advanced, problems);
        if (d.analysis() != null) {
            checkAnalysis(service, d.analysis(), problems);
        }
    }

    private static void checkAnalysis(ServiceSettings service, CanaryAnalysisConfig a, Problems problems) {
        String at = PATH + "analysis";
        if (!service.deployment().strategy().shiftsTraffic()) {
            onlyWithShifting(at, a, problems);
        } else if (service.loadBalancer() != null && service.loadBalancer().loadBalancerArn() == null) {
            problems.add("service.loadBalancer.loadBalancerArn", null, "is required with " + at + ": the target"
                    + " groups' metrics are published per load balancer");
        }
        if (a.max5xxPercent() != null && !(a.max5xxPercent() >= 0 && a.max5xxPercent() <= 100)) {
            problems.add(at + ".max5xxPercent", a.max5xxPercent(), "must be between 0 and 100");
        }
        if (a.max5xxPercentOverBaseline() != null
                && !(a.max5xxPercentOverBaseline() >= 0 && a.max5xxPercentOverBaseline() <= 100)) {
            problems.add(at + ".max5xxPercentOverBaseline", a.max5xxPercentOverBaseline(),
                    "must be between 0 and 100 (percentage points above the old revision's 5xx rate)");
        }
        problems.between(at + ".windowMinutes", a.windowMinutes(), 1, 60, " minutes");
        problems.atLeast(at + ".minRequests", a.minRequests(), 1);
        problems.atLeast(at + ".minHealthyHosts", a.minHealthyHosts(), 1);
        problems.positive(at + ".maxLatencySeconds", a.maxLatencySeconds());
        problems.matches(at + ".latencyStatistic", a.latencyStatistic(), PERCENTILE,
                "must be a percentile such as p50, p95, p99 or p99.9");
        if ((a.latencyStatistic() == null) != (a.maxLatencySeconds() == null)) {
            problems.add(at + (a.latencyStatistic() == null ? ".latencyStatistic" : ".maxLatencySeconds"), null,
                    "is required with " + at + (a.latencyStatistic() == null ? ".maxLatencySeconds"
                    : ".latencyStatistic") + ": the latency check needs both");
        }
    }

    private static void onlyWithShifting(String path, Object value, Problems problems) {
        if (value != null) {
            problems.add(path, null, "is set, but strategy is ROLLING; it applies only with strategy " + SHIFTING);
        }
    }

    /** A multiple of 0.1 from {@code min} to 100.0, as ECS takes traffic percentages. */
    private static void percent(String path, Double value, String min, Problems problems) {
        if (value == null) {
            return;
        }
        BigDecimal exact = BigDecimal.valueOf(value);
        boolean inRange = exact.compareTo(new BigDecimal(min)) >= 0 && exact.compareTo(BigDecimal.valueOf(100)) <= 0;
        boolean tenths = exact.multiply(BigDecimal.TEN).stripTrailingZeros().scale() <= 0;
        if (!inRange || !tenths) {
            problems.add(path, value, "must be a multiple of 0.1 from " + min + " to 100.0");
        }
    }

    private static void checkLoadBalancer(ServiceSettings service, RolloutStrategy strategy,
                                          AdvancedLoadBalancerConfig advanced, Problems problems) {
        if (service.loadBalancer() == null) {
            problems.add("service.loadBalancer", null, "is required with strategy " + strategy + ": ECS shifts traffic"
                    + " between two target groups of a load balancer");
            return;
        }
        if (advanced == null) {
            problems.add(ADVANCED, null, "is required with strategy " + strategy + ": alternateTargetGroupArn,"
                    + " productionListenerRule and roleArn (testListenerRule optional)");
            return;
        }
        // alternateTargetGroupArn, productionListenerRule and roleArn are required by the structure check.
        problems.matches(ADVANCED + ".alternateTargetGroupArn", advanced.alternateTargetGroupArn(), TARGET_GROUP_ARN,
                TARGET_GROUP_ARN_MESSAGE);
        problems.matches(ADVANCED + ".productionListenerRule", advanced.productionListenerRule(), LISTENER_RULE_ARN,
                LISTENER_RULE_ARN_MESSAGE);
        problems.matches(ADVANCED + ".testListenerRule", advanced.testListenerRule(), LISTENER_RULE_ARN,
                LISTENER_RULE_ARN_MESSAGE);
        problems.matches(ADVANCED + ".roleArn", advanced.roleArn(), ROLE_ARN, ROLE_ARN_MESSAGE);
        String primary = service.loadBalancer().targetGroupArn();
        if (primary != null && primary.equals(advanced.alternateTargetGroupArn())) {
            problems.add(ADVANCED + ".alternateTargetGroupArn", primary, "is the service's own targetGroupArn; the"
                    + " new revision needs a second target group");
        }
        if (advanced.testListenerRule() != null && advanced.testListenerRule().equals(advanced.productionListenerRule())) {
            problems.add(ADVANCED + ".testListenerRule", advanced.testListenerRule(), "is the productionListenerRule;"
                    + " test traffic needs a rule of its own");
        }
    }

    private static void checkHooks(List<LifecycleHookConfig> hooks, AdvancedLoadBalancerConfig advanced,
                                   Problems problems) {
        for (int i = 0; i < hooks.size(); i++) {
            LifecycleHookConfig hook = hooks.get(i);
            String at = PATH + "lifecycleHooks[" + i + "]";
            problems.matches(at + ".hookTargetArn", hook.hookTargetArn(), LAMBDA_FUNCTION_ARN,
                    LAMBDA_FUNCTION_ARN_MESSAGE);
            problems.matches(at + ".roleArn", hook.roleArn(), ROLE_ARN, ROLE_ARN_MESSAGE);
            Set<String> seen = new HashSet<>();
            for (String stage : hook.lifecycleStages() == null ? List.<String>of() : hook.lifecycleStages()) {
                // An unknown stage is reported by the structure check (the schema's enum).
                if (!seen.add(stage)) {
                    problems.add(at + ".lifecycleStages", stage, "is listed twice");
                } else if (stage.contains("TEST_TRAFFIC") && advanced != null && advanced.testListenerRule() == null) {
                    problems.add(at + ".lifecycleStages", stage, "needs test traffic: set " + ADVANCED
                            + ".testListenerRule, or use a production stage");
                }
            }
            if (hook.lifecycleStages() != null && hook.lifecycleStages().isEmpty()) {
                problems.add(at + ".lifecycleStages", List.of(), "must list at least one stage; allowed: "
                        + ConfigValidator.join(LifecycleHookConfig.STAGES));
            }
        }
    }
}
