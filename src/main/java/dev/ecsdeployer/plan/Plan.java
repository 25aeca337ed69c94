package dev.ecsdeployer.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Optional;

/**
 * The changes that bring one service to its desired state, in the order they must be applied
 * (log group, task definition, service, scaling target, policies, alarms). Empty when nothing
 * differs. {@code notices} name what the deployer found and leaves alone (another tool's
 * scaling policy, say); {@code held} the differences it leaves to the operator (a log group
 * that is not ours, a retention it would have to shorten).
 */
@RegisterForReflection
public record Plan(String cluster, String service, List<Change> changes, List<String> notices, List<Held> held) {

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Difference> differences() {
        return changes.stream().flatMap(c -> c.differences().stream()).toList();
    }

    /** What differs from the desired state, without the consequences of other differences. */
    public List<Difference> drift() {
        return differences().stream().filter(d -> !Planner.NEW_REVISION_PATH.equals(d.path())).toList();
    }

    public Optional<Change> change(Change.Resource resource) {
        return changes.stream().filter(c -> c.resource() == resource).findFirst();
    }
}
