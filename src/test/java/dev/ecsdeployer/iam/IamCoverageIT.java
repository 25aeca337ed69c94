package dev.ecsdeployer.iam;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ecsdeployer.harness.OperationLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every AWS operation the deployer's code called in this build's tests is allowed by the Lambda
 * role in {@code template.yaml}. Runs under failsafe, after surefire's tests have recorded the
 * operations they saw through the fault proxy ({@link OperationLog}; the tests' own seeding and
 * assertion calls are not recorded). Nothing recorded is a failure, not a pass.
 */
class IamCoverageIT {

    @Test
    void everyOperationTheDeployerCalledIsAllowedByItsRole() {
        Set<String> operations = OperationLog.readAll(OperationLog.DIRECTORY);
        if (operations.isEmpty()) {
            String subset = System.getProperty("surefire.test.filter", "");
            boolean wholeSuite = subset.isBlank() || subset.startsWith("${");
            Assumptions.assumeTrue(wholeSuite, "surefire ran only " + subset + ", which called no AWS operation:"
                    + " nothing to check");
            fail("no AWS operation was recorded under " + OperationLog.DIRECTORY.toAbsolutePath() + ": the integration"
                    + " tests did not run before this check, or the recording is broken. This check cannot pass on"
                    + " nothing.");
        }
        List<PolicyStatement> statements = DeployerRolePolicy.fromTemplate(Path.of("template.yaml"));
        Map<String, String> missing = IamActions.ungranted(operations, statements);
        System.out.println("IAM coverage: " + operations.size() + " operations called by the deployer: " + operations);
        System.out.println("IAM coverage: granted but not called in these tests: "
                + IamActions.unused(operations, statements));
        assertTrue(missing.isEmpty(), () -> "template.yaml's " + DeployerRolePolicy.ROLE + " does not allow "
                + missing.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")")
                        .collect(Collectors.joining(", "))
                + "; the deployer called them in these tests. Grant them (as narrowly as AWS allows) or stop calling them.");
    }
}
