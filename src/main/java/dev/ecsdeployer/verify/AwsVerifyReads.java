package dev.ecsdeployer.verify;

import dev.ecsdeployer.aws.Ec2NetworkReads;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link VerifyReads} through the SDK clients of IAM, Secrets Manager and ELBv2, and EC2's two
 * Describe reads made by hand ({@link Ec2NetworkReads}). Only the fields the checks use are read.
 */
public final class AwsVerifyReads implements VerifyReads {

    private final Supplier<IamClient> iam;
    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<ElasticLoadBalancingV2Client> elb;
    private final Supplier<Ec2NetworkReads> ec2;

    public AwsVerifyReads(Supplier<IamClient> iam, Supplier<SecretsManagerClient> secretsManager,
                          Supplier<ElasticLoadBalancingV2Client> elb, Supplier<Ec2NetworkReads> ec2) {
        this.iam = iam;
        this.secretsManager = secretsManager;
        this.elb = elb;
        this.ec2 = ec2;
    }

    @Override
    public String roleTrustPolicy(String roleName) {
        try {
            Role role = iam.get().getRole(b -> b.roleName(roleName)).role();
            return role.assumeRolePolicyDocument() == null ? "{}" : role.assumeRolePolicyDocument();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    @Override
    public Map<String, String> roleTags(String roleName) {
        try {
            // A role holds at most 50 tags: one page.
            return iam.get().listRoleTags(b -> b.roleName(roleName)).tags().stream()
                    .collect(Collectors.toUnmodifiableMap(Tag::key, t -> valueOf(t.value()), (a, b) -> b));
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    @Override
    public Secret describeSecret(String secretId) {
        DescribeSecretResponse answer;
        try {
            answer = secretsManager.get().describeSecret(b -> b.secretId(secretId));
        } catch (ResourceNotFoundException e) {
            return null;
        }
        return new Secret(answer.name() == null ? secretId : answer.name(), answer.deletedDate(),
                Map.copyOf(answer.versionIdsToStages()), answer.tags().stream().collect(Collectors.toUnmodifiableMap(
                        software.amazon.awssdk.services.secretsmanager.model.Tag::key,
                        t -> valueOf(t.value()), (a, b) -> b)));
    }

    private static String valueOf(String tagValue) {
        return tagValue == null ? "" : tagValue;
    }

    @Override
    public TargetGroupCheck.TargetGroup targetGroup(String arn) {
        try {
            return elb.get().describeTargetGroups(b -> b.targetGroupArns(arn)).targetGroups().stream()
                    .findFirst()
                    .map(g -> new TargetGroupCheck.TargetGroup(g.targetGroupArn(),
                            g.targetType() == null ? null : g.targetTypeAsString(), g.port(), g.vpcId()))
                    .orElse(null);
        } catch (TargetGroupNotFoundException e) {
            return null;
        }
    }

    @Override
    public Map<String, String> subnetVpcs(List<String> subnetIds) {
        return ec2.get().subnetVpcs(subnetIds);
    }

    @Override
    public Map<String, String> securityGroupVpcs(List<String> groupIds) {
        return ec2.get().securityGroupVpcs(groupIds);
    }
}
