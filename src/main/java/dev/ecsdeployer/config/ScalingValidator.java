package dev.ecsdeployer.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.ecsdeployer.config.AwsFormats.*;

/** Rules for the scalable target and its policies (Application Auto Scaling and CloudWatch limits). */
final class ScalingValidator {

    private ScalingValidator() {
    }

    static void check(ScalingConfig scaling, ServiceSettings service, Problems problems) {
        problems.atLeast("scaling.minCapacity", scaling.minCapacity(), 0);
        problems.atLeast("scaling.maxCapacity", scaling.maxCapacity(), 0);
        problems.atMost("scaling.minCapacity", scaling.minCapacity(), MAX_TASKS_PER_SERVICE, MAX_TASKS_REASON);
        problems.atMost("scaling.maxCapacity", scaling.maxCapacity(), MAX_TASKS_PER_SERVICE, MAX_TASKS_REASON);
        // A capacity past the quota is reported above; comparing it would only repeat that.
        if (scaling.minCapacity() <= MAX_TASKS_PER_SERVICE && scaling.maxCapacity() <= MAX_TASKS_PER_SERVICE
                && scaling.minCapacity() > scaling.maxCapacity()) {
            problems.add("scaling.minCapacity", scaling.minCapacity(),
                    "is greater than scaling.maxCapacity " + scaling.maxCapacity()
                            + " (minCapacity defaults to service.desiredCount)");
        }
        checkTargetTracking("scaling.cpu", scaling.cpu(), problems);
        checkTargetTracking("scaling.memory", scaling.memory(), problems);
        checkTargetTracking("scaling.requestCount", scaling.requestCount(), problems);
        if (scaling.requestCount() != null) {
            checkRequestCountTarget(service, problems);
        }
        if (scaling.customMetric() != null) {
            checkCustomMetric(scaling.customMetric(), problems);
        }
        if (scaling.stepScaling() != null) {
            checkStepScaling(scaling.stepScaling(), problems);
        }
    }

    private static void checkTargetTracking(String path, TargetTrackingConfig policy, Problems problems) {
        if (policy != null) {
            checkTarget(path, policy.targetValue(), policy.scaleInCooldown(), policy.scaleOutCooldown(), problems);
        }
    }

    private static void checkTarget(String path, Double target, Integer scaleIn, Integer scaleOut, Problems problems) {
        problems.positive(path + ".targetValue", target);
        problems.atLeast(path + ".scaleInCooldown", scaleIn, 0);
        problems.atLeast(path + ".scaleOutCooldown", scaleOut, 0);
    }

    // The ALBRequestCountPerTarget resource label is "<load balancer ARN suffix>/<target group ARN suffix>".
    private static void checkRequestCountTarget(ServiceSettings service, Problems problems) {
        LoadBalancerConfig loadBalancer = service == null ? null : service.loadBalancer();
        List<String> missing = new ArrayList<>();
        if (loadBalancer == null || loadBalancer.targetGroupArn() == null) {
            missing.add("service.loadBalancer.targetGroupArn");
        }
        if (loadBalancer == null || loadBalancer.loadBalancerArn() == null) {
            missing.add("service.loadBalancer.loadBalancerArn");
        }
        if (!missing.isEmpty()) {
            problems.add("scaling.requestCount", null, "needs " + String.join(" and ", missing)
                    + " (the policy's resource label is <load balancer>/<target group>)");
        }
    }

    private static void checkCustomMetric(CustomMetricTargetConfig metric, Problems problems) {
        // Its statistic (target tracking takes only the standard ones, no percentiles) is a list in the schema.
        checkTarget("scaling.customMetric", metric.targetValue(), metric.scaleInCooldown(), metric.scaleOutCooldown(),
                problems);
    }

    private static void checkStepScaling(StepScalingConfig policy, Problems problems) {
        String path = "scaling.stepScaling";
        checkAlarmSettings(path, policy.statistic(), policy.period(), policy.evaluationPeriods(), problems);
        problems.atLeast(path + ".cooldown", policy.cooldown(), 0);
        checkSteps(policy.steps(), problems);
    }

    /** Statistic, period and evaluation periods of a CloudWatch alarm (its operator is a list in the schema). */
    static void checkAlarmSettings(String path, String statistic, Integer period, Integer evaluationPeriods,
                                   Problems problems) {
        if (!STANDARD_STATISTICS.contains(statistic) && !PERCENTILE.matcher(statistic).matches()) {
            problems.add(path + ".statistic", statistic, "must be one of " + ConfigValidator.join(STANDARD_STATISTICS)
                    + ", or a percentile from p0 to p100 such as p95 or p99.9");
        }
        if (!(period == 10 || period == 20 || period == 30 || period > 0 && period % 60 == 0)) {
            problems.add(path + ".period", period, "must be 10, 20, 30 or a multiple of 60 seconds");
        }
        problems.atLeast(path + ".evaluationPeriods", evaluationPeriods, 1);
    }

    /**
     * Application Auto Scaling's step rules: each step has a bound, lower below upper; the ranges
     * neither overlap nor leave gaps; at most one step is unbounded below and one above, and a
     * positive upper bound (negative lower bound) needs a step unbounded above (below).
     */
    private static void checkSteps(List<StepConfig> steps, Problems problems) {
        String path = "scaling.stepScaling.steps";
        if (steps.isEmpty()) {
            problems.add(path, List.of(), "must list at least one step");
            return;
        }
        if (steps.size() > MAX_STEPS) {
            problems.add(path, null, "lists " + steps.size() + " steps; a step scaling policy allows at most " + MAX_STEPS);
        }
        List<Integer> ordered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            StepConfig step = steps.get(i);
            if (step.lowerBound() == null && step.upperBound() == null) {
                problems.add(path + "[" + i + "]", null, "needs a lowerBound, an upperBound or both");
            } else if (step.lowerBound() != null && step.upperBound() != null && step.lowerBound() >= step.upperBound()) {
                problems.add(path + "[" + i + "]", null, "lowerBound " + JsonText.number(step.lowerBound())
                        + " must be less than upperBound " + JsonText.number(step.upperBound()));
            } else {
                ordered.add(i);
            }
        }
        long unboundedBelow = ordered.stream().filter(i -> steps.get(i).lowerBound() == null).count();
        long unboundedAbove = ordered.stream().filter(i -> steps.get(i).upperBound() == null).count();
        if (unboundedBelow > 1) {
            problems.add(path, null, unboundedBelow + " steps have no lowerBound; at most one may be unbounded below");
        }
        if (unboundedAbove > 1) {
            problems.add(path, null, unboundedAbove + " steps have no upperBound; at most one may be unbounded above");
        }
        if (unboundedBelow > 1 || unboundedAbove > 1) {
            return;
        }
        ordered.sort(Comparator.comparingDouble(i -> lower(steps.get(i))));
        for (int k = 1; k < ordered.size(); k++) {
            int previous = ordered.get(k - 1);
            int current = ordered.get(k);
            double previousUpper = upper(steps.get(previous));
            double currentLower = lower(steps.get(current));
            if (currentLower < previousUpper) {
                problems.add(path + "[" + current + "]", null, interval(steps.get(current)) + " overlaps steps["
                        + previous + "] " + interval(steps.get(previous)));
            } else if (currentLower > previousUpper) {
                problems.add(path + "[" + current + "]", null, interval(steps.get(current))
                        + " leaves a gap after steps[" + previous + "] " + interval(steps.get(previous))
                        + "; ranges must meet");
            }
        }
        boolean positiveUpper = steps.stream().anyMatch(s -> s.upperBound() != null && s.upperBound() > 0);
        boolean negativeLower = steps.stream().anyMatch(s -> s.lowerBound() != null && s.lowerBound() < 0);
        if (positiveUpper && unboundedAbove == 0) {
            problems.add(path, null, "a step has a positive upperBound, so one step must have no upperBound");
        }
        if (negativeLower && unboundedBelow == 0) {
            problems.add(path, null, "a step has a negative lowerBound, so one step must have no lowerBound");
        }
    }

    private static double lower(StepConfig step) {
        return step.lowerBound() == null ? Double.NEGATIVE_INFINITY : step.lowerBound();
    }

    private static double upper(StepConfig step) {
        return step.upperBound() == null ? Double.POSITIVE_INFINITY : step.upperBound();
    }

    private static String interval(StepConfig step) {
        String low = step.lowerBound() == null ? "-infinity" : JsonText.number(step.lowerBound());
        String high = step.upperBound() == null ? "+infinity" : JsonText.number(step.upperBound());
        return "[" + low + ", " + high + ")";
    }
}
