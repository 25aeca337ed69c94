package dev.ecsdeployer.iam;

import java.util.List;

/**
 * One statement of an IAM policy, as far as the action check needs it: effect, actions (or
 * NotAction), and whether it is narrowed by resources or conditions (a Deny only counts against an
 * action when it is not).
 */
public record PolicyStatement(String sid, String effect, List<String> actions, List<String> notActions,
        boolean unconditional) {

    public PolicyStatement {
        actions = List.copyOf(actions);
        notActions = List.copyOf(notActions);
    }

    public boolean allow() {
        return "Allow".equals(effect);
    }

    /** Whether the statement's Action (or NotAction) covers {@code action}, IAM's wildcards and case rules. */
    public boolean covers(String action) {
        if (!notActions.isEmpty()) {
            return notActions.stream().noneMatch(p -> IamActions.matches(p, action));
        }
        return actions.stream().anyMatch(p -> IamActions.matches(p, action));
    }
}
