package dev.ecsdeployer.plan;

import dev.ecsdeployer.actual.ScalingState;
import dev.ecsdeployer.desired.ScalingSpec;
import dev.ecsdeployer.desired.ScalingSpec.MetricAlarmSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalableTargetSpec;
import dev.ecsdeployer.desired.ScalingSpec.ScalingPolicySpec;
import dev.ecsdeployer.desired.ScalingSpecBuilder;
import dev.ecsdeployer.plan.Change.Action;
import dev.ecsdeployer.plan.Change.Resource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Scaling target, policies and alarms: desired vs actual → changes. Only what the deployer owns
 * (its policy-name prefix, its alarm prefix) is ever updated or deleted; anything else on the
 * same target becomes a notice. Pure.
 */
public final class ScalingPlanner {

    private ScalingPlanner() {
    }

    public static void plan(ScalingSpec desired, ScalingState actual, List<Change> changes, List<String> notices) {
        target(desired.target(), actual, changes);
        Map<String, ScalingPolicySpec> have = actual.policies().stream()
                .filter(p -> p.policyName().startsWith(ScalingSpecBuilder.POLICY_PREFIX))
                .collect(Collectors.toMap(ScalingPolicySpec::policyName, p -> p, (a, b) -> a));
        for (ScalingPolicySpec want : desired.policies()) {
            diff(Resource.SCALING_POLICY, want.policyName(), "scaling.policies." + want.policyName(), want,
                    have.get(want.policyName()), changes);
        }
        Map<String, MetricAlarmSpec> alarms = actual.ownedAlarms().stream()
                .collect(Collectors.toMap(MetricAlarmSpec::alarmName, a -> a, (a, b) -> a));
        for (MetricAlarmSpec want : desired.alarms()) {
            diff(Resource.ALARM, want.alarmName(), "alarms." + want.alarmName(), want, alarms.get(want.alarmName()),
                    changes);
        }
        deleteUnwanted(Resource.ALARM, alarms.keySet(), desired.alarms(), MetricAlarmSpec::alarmName, changes);
        deleteUnwanted(Resource.SCALING_POLICY, have.keySet(), desired.policies(), ScalingPolicySpec::policyName,
                changes);
        actual.policies().stream()
                .map(ScalingPolicySpec::policyName)
                .filter(name -> !name.startsWith(ScalingSpecBuilder.POLICY_PREFIX))
                .sorted()
                .forEach(name -> notices.add("scaling policy '" + name
                        + "' on this service was not created by the deployer; left alone"));
    }

    private static void target(ScalableTargetSpec want, ScalingState actual, List<Change> changes) {
        if (want == null) {
            return; // The config has no scaling: a target someone else made is not the deployer's to remove.
        }
        diff(Resource.SCALABLE_TARGET, want.resourceId(), "scaling.target", want, actual.target(), changes);
    }

    private static <T> void diff(Resource resource, String name, String path, T want, T have, List<Change> changes) {
        if (have == null) {
            changes.add(new Change(resource, Action.CREATE, name, List.of(new Difference(path, name, "(none)"))));
            return;
        }
        List<Difference> diffs = SpecDiff.diff(path, want, have);
        if (!diffs.isEmpty()) {
            changes.add(new Change(resource, Action.UPDATE, name, diffs));
        }
    }

    private static <T> void deleteUnwanted(Resource resource, java.util.Set<String> owned, List<T> wanted,
                                           Function<T, String> name, List<Change> changes) {
        List<String> keep = wanted.stream().map(name).toList();
        owned.stream().filter(n -> !keep.contains(n)).sorted().forEach(n -> changes.add(
                new Change(resource, Action.DELETE, n, List.of(new Difference(resource.name().toLowerCase()
                        .replace('_', ' ') + " " + n, "(none)", "exists")))));
    }
}
