package dev.ecsdeployer.verify;

import java.util.List;
import java.util.Set;

/** A task or execution role must exist and let ECS tasks assume it (pure). */
public final class RoleCheck {

    private RoleCheck() {
    }

    /** @param trustDocument the role's trust policy, or null when the role does not exist */
    public static List<Finding> check(String path, String roleArn, String trustDocument) {
        if (trustDocument == null) {
            return List.of(new Finding(path, "no role '" + roleName(roleArn) + "' (" + roleArn + ")",
                    "ECS cannot start tasks with a role that does not exist"));
        }
        Set<String> trusted = TrustPolicy.servicesAllowedToAssume(trustDocument);
        if (!trusted.contains(TrustPolicy.ECS_TASKS)) {
            return List.of(new Finding(path, "role '" + roleName(roleArn) + "' trusts "
                    + (trusted.isEmpty() ? "no AWS service" : String.join(", ", trusted)),
                    "its trust policy must allow " + TrustPolicy.ECS_TASKS + " to sts:AssumeRole"));
        }
        return List.of();
    }

    /** {@code arn:aws:iam::<account>:role/<path>/<name>} → {@code <name>}. */
    public static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }
}
