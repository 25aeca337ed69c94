package dev.ecsdeployer.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One change the plan makes to one resource, with the differences that call for it. */
@RegisterForReflection
public record Change(Resource resource, Action action, String target, List<Difference> differences) {

    public enum Resource { LOG_GROUP, TASK_DEFINITION, SERVICE, SCALABLE_TARGET, SCALING_POLICY, ALARM }

    public enum Action { CREATE, UPDATE, REGISTER, DELETE }

    @Override
    public String toString() {
        return action + " " + resource + " " + target;
    }
}
