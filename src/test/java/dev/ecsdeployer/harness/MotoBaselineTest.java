package dev.ecsdeployer.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeployer.aws.AwsClientFactory;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.iam.IamClient;

@ExtendWith(MotoExtension.class)
class MotoBaselineTest {

    private final AwsClientFactory factory = AwsClientFactory.fromEnvironment();

    @Test
    void createsEverythingAServiceNeedsIncludingALoadBalancer() {
        Baseline b = MotoBaseline.createWithLoadBalancer(factory, "base", 8080);

        try (Ec2Client ec2 = factory.build(Ec2Client.builder());
                EcrClient ecr = factory.ecr();
                IamClient iam = factory.build(IamClient.builder());
                ElasticLoadBalancingV2Client elb = factory.build(ElasticLoadBalancingV2Client.builder())) {
            var subnets = ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(b.vpcId()))).subnets();
            assertEquals(4, subnets.size());
            Set<String> zones = new HashSet<>();
            subnets.stream().filter(s -> b.privateSubnetIds().contains(s.subnetId()))
                    .map(Subnet::availabilityZone).forEach(zones::add);
            assertEquals(2, zones.size(), "private subnets span two AZs");
            assertEquals(b.vpcId(), ec2.describeSecurityGroups(r -> r.groupIds(b.securityGroupId()))
                    .securityGroups().get(0).vpcId());

            var image = ecr.describeImages(r -> r.repositoryName(b.repositoryName())).imageDetails().get(0);
            assertEquals(b.imageDigest(), image.imageDigest(), "the digest we passed, not moto's own");
            assertEquals(MotoBaseline.sha256(MotoBaseline.imageManifest("base")), b.imageDigest());
            assertEquals(b.repositoryUri() + "@" + b.imageDigest(), b.imageUri());

            String trust = java.net.URLDecoder.decode(iam.getRole(r -> r.roleName("base-execution")).role()
                    .assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(trust.contains("ecs-tasks.amazonaws.com"), trust);
            assertEquals(b.taskRoleArn(), iam.getRole(r -> r.roleName("base-task")).role().arn());

            Baseline.LoadBalancer lb = b.loadBalancer().orElseThrow();
            TargetGroup tg = elb.describeTargetGroups(r -> r.targetGroupArns(lb.targetGroupArn())).targetGroups().get(0);
            assertEquals(TargetTypeEnum.IP, tg.targetType());
            assertEquals(8080, tg.port());
            assertEquals(lb.loadBalancerArn(), tg.loadBalancerArns().get(0));
        }
    }

    @Test
    void withoutALoadBalancerNoneIsCreated() {
        Baseline b = MotoBaseline.create(factory, "plain");
        assertTrue(b.loadBalancer().isEmpty());
        assertEquals(2, b.publicSubnetIds().size());
    }
}
