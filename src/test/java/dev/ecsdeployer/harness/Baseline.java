package dev.ecsdeployer.harness;

import java.util.List;
import java.util.Optional;

/**
 * What {@link MotoBaseline} created for one service on moto: network, cluster, image, roles and
 * optionally a load balancer. Immutable.
 *
 * @param imageUri the image by digest ({@code <repositoryUri>@<imageDigest>}), as the deployer pins it
 */
public record Baseline(
        String vpcId,
        List<String> publicSubnetIds,
        List<String> privateSubnetIds,
        String securityGroupId,
        String clusterName,
        String clusterArn,
        String repositoryName,
        String repositoryUri,
        String imageTag,
        String imageDigest,
        String imageUri,
        String executionRoleArn,
        String taskRoleArn,
        Optional<LoadBalancer> loadBalancer) {

    public Baseline {
        publicSubnetIds = List.copyOf(publicSubnetIds);
        privateSubnetIds = List.copyOf(privateSubnetIds);
    }

    /** An ALB with an HTTP listener forwarding to an ip-type target group on the service's port. */
    public record LoadBalancer(String loadBalancerArn, String listenerArn, String targetGroupArn, int containerPort) {
    }
}
