package dev.ecsdeployer.plan;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.Ownership;
import dev.ecsdeployer.desired.ServiceSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.plan.Change.Action;
import dev.ecsdeployer.plan.Change.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * Desired vs actual → the plan. Pure. The desired count is compared only when no scaling target
 * owns it: the config has no scaling and none exists.
 */
public final class Planner {

    /** The service's move to a new revision: a consequence of a task definition difference, not a drift of its own. */
    public static final String NEW_REVISION_PATH = "service.taskDefinition";

    private Planner() {
    }

    public static Plan plan(DesiredState desired, ActualState actual) {
        List<Change> changes = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        if (!actual.settingsTrusted()) {
            logGroup(desired, actual, changes, held);
        }
        boolean newRevision = taskDefinition(desired, actual, changes);
        service(desired, actual, newRevision, changes);
        if (!actual.settingsTrusted()) {
            ScalingPlanner.plan(desired.scaling(), actual.scaling(), changes, notices);
        }
        return new Plan(desired.cluster(), desired.serviceName(), List.copyOf(changes), List.copyOf(notices),
                List.copyOf(held));
    }

    /**
     * A missing log group is created (it is then ours). An existing one's retention is changed only when
     * the log group is ours and only to keep logs longer: shortening deletes logs, so it is held for the
     * operator even on ours, and so is any change to another tool's log group.
     */
    private static void logGroup(DesiredState desired, ActualState actual, List<Change> changes, List<Held> held) {
        String name = desired.logGroup().name();
        int want = desired.logGroup().retentionDays();
        ActualState.LogGroupState have = actual.logGroup();
        if (have == null) {
            changes.add(new Change(Resource.LOG_GROUP, Action.CREATE, name,
                    List.of(new Difference("logGroup", name, "(none)"))));
            return;
        }
        if (have.retentionDays() != null && have.retentionDays() == want) {
            return;
        }
        String path = "logGroup.retentionDays";
        String actualText = have.retentionDays() == null ? "never expire" : String.valueOf(have.retentionDays());
        if (have.retentionDays() == null || have.retentionDays() > want) {
            held.add(new Held(path, String.valueOf(want), actualText,
                    "shortening the retention of " + name + " deletes its older logs; the deployer never does it",
                    (have.retentionDays() == null ? "to keep the logs, leave it (the config cannot say never expire;"
                            + " the difference stays reported)" : "to keep the logs, set logGroup.retentionDays to "
                            + have.retentionDays()) + "; to delete them, run aws logs put-retention-policy"
                            + " --log-group-name " + name + " --retention-in-days " + want));
        } else if (!Boolean.TRUE.equals(have.ours())) {
            held.add(new Held(path, String.valueOf(want), actualText,
                    "log group " + name + " was not created by the deployer for config "
                            + Ownership.configId(desired.config()) + "; its retention is left as it is",
                    "to let the deployer manage it, tag it: aws logs tag-resource --resource-arn " + have.arn()
                            + " --tags " + Ownership.CONFIG_TAG + "=" + Ownership.configId(desired.config())));
        } else {
            changes.add(new Change(Resource.LOG_GROUP, Action.UPDATE, name,
                    List.of(new Difference(path, String.valueOf(want), actualText))));
        }
    }

    /** @return whether a new revision is to be registered */
    private static boolean taskDefinition(DesiredState desired, ActualState actual, List<Change> changes) {
        TaskDefinitionSpec want = desired.taskDefinition();
        if (want == null) {
            return false;
        }
        if (actual.taskDefinition() == null) {
            changes.add(new Change(Resource.TASK_DEFINITION, Action.REGISTER, want.family(),
                    List.of(new Difference("taskDefinition", want.family(), "(none)"))));
            return true;
        }
        List<Difference> diffs = SpecDiff.diff("taskDefinition", want, actual.taskDefinition().managedBy(want));
        if (diffs.isEmpty()) {
            return false;
        }
        changes.add(new Change(Resource.TASK_DEFINITION, Action.REGISTER, want.family(), diffs));
        return true;
    }

    private static void service(DesiredState desired, ActualState actual, boolean newRevision, List<Change> changes) {
        ServiceSpec want = desired.service();
        if (!actual.serviceExists()) {
            changes.add(new Change(Resource.SERVICE, Action.CREATE, want.serviceName(),
                    List.of(new Difference("service", want.serviceName(), "(none)"))));
            return;
        }
        ServiceSpec have = (want.desiredCount() == null ? actual.service().settings().withoutDesiredCount()
                : actual.service().settings()).managedBy(want);

        List<Difference> diffs = new ArrayList<>(SpecDiff.diff("service", want, have));
        if (newRevision) {
            diffs.add(new Difference(NEW_REVISION_PATH, "(new revision)", actual.service().taskDefinitionArn()));
        }
        if (!diffs.isEmpty()) {
            changes.add(new Change(Resource.SERVICE, Action.UPDATE, want.serviceName(), List.copyOf(diffs)));
        }
    }
}
