package dev.ecsdeployer.testing;

import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SDK clients for services the function itself reaches without their SDK modules (verify's reads):
 * the tests create roles, secrets, target groups and networks with them, built as production
 * clients are built ({@link AwsClientFactory#build}).
 */
public final class TestClients {

    private TestClients() {
    }

    public static IamClient iam(AwsClientFactory factory) {
        return factory.build(IamClient.builder());
    }

    public static SecretsManagerClient secretsManager(AwsClientFactory factory) {
        return factory.build(SecretsManagerClient.builder());
    }

    public static ElasticLoadBalancingV2Client elb(AwsClientFactory factory) {
        return factory.build(ElasticLoadBalancingV2Client.builder());
    }

    public static Ec2Client ec2(AwsClientFactory factory) {
        return factory.build(Ec2Client.builder());
    }

    public static IamClient iam(AwsClients aws) {
        return iam(aws.factory());
    }

    public static SecretsManagerClient secretsManager(AwsClients aws) {
        return secretsManager(aws.factory());
    }

    public static ElasticLoadBalancingV2Client elb(AwsClients aws) {
        return elb(aws.factory());
    }

    public static Ec2Client ec2(AwsClients aws) {
        return ec2(aws.factory());
    }
}
