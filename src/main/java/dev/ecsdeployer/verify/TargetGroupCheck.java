package dev.ecsdeployer.verify;

import java.util.ArrayList;
import java.util.List;

/** The service's target group must exist, take ip targets (awsvpc) and send to the container's port (pure). */
public final class TargetGroupCheck {

    static final String PATH = "service.loadBalancer.targetGroupArn";

    /** What ELB says about a target group; null fields are unknown. */
    public record TargetGroup(String arn, String targetType, Integer port, String vpcId) {
    }

    private TargetGroupCheck() {
    }

    /**
     * @param found       the target group, or null when it does not exist
     * @param serviceVpc  the VPC of the service's subnets, or null when unknown
     */
    public static List<Finding> check(String arn, TargetGroup found, Integer containerPort, String serviceVpc) {
        if (found == null) {
            return List.of(new Finding(PATH, "no target group " + arn, "the service cannot register its tasks"));
        }
        List<Finding> findings = new ArrayList<>();
        if (!"ip".equals(found.targetType())) {
            findings.add(new Finding(PATH, "target type '" + found.targetType() + "'",
                    "Fargate tasks (awsvpc) register by IP: the target type must be 'ip'"));
        }
        if (containerPort != null && found.port() != null && !found.port().equals(containerPort)) {
            findings.add(new Finding(PATH, "port " + found.port(),
                    "must equal taskDefinition.containerPort " + containerPort));
        }
        if (serviceVpc != null && found.vpcId() != null && !serviceVpc.equals(found.vpcId())) {
            findings.add(new Finding(PATH, "target group in " + found.vpcId(),
                    "the service's subnets are in " + serviceVpc + "; targets must be in the target group's VPC"));
        }
        return findings;
    }
}
