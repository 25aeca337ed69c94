package dev.ecsdeployer.iam;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The role workload-account.yaml creates allows every call the deployer makes in a workload account:
 * all it calls, but the configs (SSM parameters), the work queue, its events and images, which stay in
 * the deployer's own account.
 */
class WorkloadRolePolicyTest {

    /** What the deployer calls only with its own credentials, in its own account. */
    static final Set<String> HOME_ONLY = Set.of("SSM.GetParameter", "SSM.GetParameters", "SSM.GetParametersByPath",
            "SQS.SendMessageBatch", "EventBridge.PutEvents", "ECR.BatchGetImage", "ECR.DescribeImages",
            "ECR.GetDownloadUrlForLayer", "STS.AssumeRole");

    static String workloadTemplate() throws IOException {
        return Files.readString(Path.of("workload-account.yaml"));
    }

    static Set<String> calledThere() {
        return IamActionsTest.CALLED.stream().filter(op -> !HOME_ONLY.contains(op)).collect(Collectors.toSet());
    }

    @Test
    void theWorkloadRoleAllowsEveryCallMadeInItsAccount() throws IOException {
        assertEquals(Map.of(), IamActions.ungranted(calledThere(),
                DeployerRolePolicy.fromTemplate(workloadTemplate(), "WorkloadRole")));
    }

    @Test
    void aGrantTakenFromTheWorkloadRoleIsCaught() throws IOException {
        String template = workloadTemplate();
        String without = template.replace("ecs:CreateService, ", "");
        assertFalse(template.equals(without));
        assertEquals(Map.of("ECS.CreateService", "ecs:CreateService"), IamActions.ungranted(calledThere(),
                DeployerRolePolicy.fromTemplate(without, "WorkloadRole")));
    }

    @Test
    void theDeployerMayAssumeTheWorkloadRole() throws IOException {
        assertEquals(Map.of(), IamActions.ungranted(Set.of("STS.AssumeRole"),
                DeployerRolePolicy.fromTemplate(Files.readString(Path.of("template.yaml")))));
    }
}
