package dev.ecsdeployer.harness;

import dev.ecsdeployer.testing.TestClients;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.config.SsmConfigStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The operations recorded for the IAM check are the deployer's only: calls made from test code
 * (seeding moto with MotoBaseline, reading state back) are marked and left out, calls made from a
 * class of src/main are recorded, whatever test code called that class.
 */
@ExtendWith(MotoExtension.class)
class HarnessCallMarkerTest {

    @Test
    void classesOfSrcMainAreTheDeployersAndTestClassesAreNot() {
        assertTrue(HarnessCallMarker.isTestCode(HarnessCallMarkerTest.class));
        assertTrue(HarnessCallMarker.isTestCode(MotoBaseline.class));
        assertFalse(HarnessCallMarker.isTestCode(SsmConfigStore.class));
        assertFalse(HarnessCallMarker.isTestCode(AwsClientFactory.class));
    }

    @Test
    void theTestsOwnCallsAreNotRecordedAndTheDeployersAre() {
        AwsClientFactory factory = AwsClientFactory.fromEnvironment();
        try (SsmClient ssm = factory.ssm(); Ec2Client ec2 = TestClients.ec2(factory)) {
            MotoBaseline.create(factory, "marked");
            ec2.describeVpcs();
            ssm.putParameter(b -> b.name("/marked/prod/api").value("{}").type("String"));
            ssm.describeParameters(b -> b.maxResults(5));

            new SsmConfigStore(ssm).readEnvironment("marked", "prod");
        }

        assertTrue(FaultInjector.calls("EC2.CreateVpc") > 0, "the seeding went through the proxy");
        assertFalse(OperationLog.recorded().contains("EC2.CreateVpc"), OperationLog.recorded().toString());
        assertFalse(OperationLog.recorded().contains("EC2.DescribeVpcs"), OperationLog.recorded().toString());
        assertFalse(OperationLog.recorded().contains("ECR.PutImage"), OperationLog.recorded().toString());
        assertFalse(OperationLog.recorded().contains("IAM.CreateRole"), OperationLog.recorded().toString());
        assertTrue(OperationLog.recorded().contains("SSM.GetParametersByPath"), OperationLog.recorded().toString());
    }
}
