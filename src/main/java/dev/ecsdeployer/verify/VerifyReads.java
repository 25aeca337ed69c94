package dev.ecsdeployer.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The reads {@code verify} makes in IAM, Secrets Manager, ELBv2 and EC2, answered in the deployer's
 * own terms. A read AWS cannot answer throws {@link software.amazon.awssdk.core.exception.SdkException}
 * (the check is then reported as not checked); "there is none" is an answer, not an exception.
 */
public interface VerifyReads {

    /** IAM GetRole: the role's trust policy as IAM returns it (URL-encoded JSON), or null when there is no such role. */
    String roleTrustPolicy(String roleName);

    /** IAM ListRoleTags: the role's tags, or null when there is no such role. */
    Map<String, String> roleTags(String roleName);

    /** Secrets Manager DescribeSecret (metadata and tags, never the value), or null when there is no such secret. */
    Secret describeSecret(String secretId);

    /** ELBv2 DescribeTargetGroups for one ARN, or null when there is no such target group. */
    TargetGroupCheck.TargetGroup targetGroup(String arn);

    /** EC2 DescribeSubnets (filter subnet-id, all pages): the VPC of each subnet that exists. */
    Map<String, String> subnetVpcs(List<String> subnetIds);

    /** EC2 DescribeSecurityGroups (filter group-id, all pages): the VPC of each group that exists. */
    Map<String, String> securityGroupVpcs(List<String> groupIds);

    /** What DescribeSecret says about a secret. */
    record Secret(String name, Instant deletedDate, Map<String, List<String>> versionIdsToStages,
                  Map<String, String> tags) {
    }
}
