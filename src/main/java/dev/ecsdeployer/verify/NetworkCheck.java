package dev.ecsdeployer.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every subnet and security group must exist, all in one VPC (pure). */
public final class NetworkCheck {

    private NetworkCheck() {
    }

    /**
     * @param subnetVpcs         the VPC of each subnet that exists
     * @param securityGroupVpcs  the VPC of each security group that exists
     * @return the findings, and the service's VPC (that of the first existing subnet) for other checks
     */
    public static Result check(List<String> subnets, List<String> securityGroups, Map<String, String> subnetVpcs,
                               Map<String, String> securityGroupVpcs) {
        List<Finding> findings = new ArrayList<>();
        // The first subnet that exists sets the VPC the others are compared with.
        String vpc = null;
        String vpcFrom = null;
        for (int i = 0; i < subnets.size() && vpc == null; i++) {
            vpc = subnetVpcs.get(subnets.get(i));
            vpcFrom = "service.subnets[" + i + "]";
        }
        findings.addAll(each("service.subnets", "subnet", subnets, subnetVpcs, vpc, vpcFrom));
        findings.addAll(each("service.securityGroups", "security group", securityGroups, securityGroupVpcs, vpc,
                vpcFrom));
        return new Result(findings, vpc);
    }

    private static List<Finding> each(String path, String what, List<String> ids, Map<String, String> vpcs,
                                      String vpc, String vpcFrom) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String at = path + "[" + i + "]";
            if (!vpcs.containsKey(id)) {
                findings.add(new Finding(at, "no " + what + " '" + id + "'", "it does not exist in this account and region"));
            } else if (vpc != null && !vpc.equals(vpcs.get(id))) {
                findings.add(new Finding(at, what + " '" + id + "' in " + vpcs.get(id),
                        "must be in the VPC of " + vpcFrom + ", " + vpc));
            }
        }
        return findings;
    }

    public record Result(List<Finding> findings, String vpcId) {
        public Result {
            findings = List.copyOf(findings);
        }
    }
}
