package dev.ecsdeployer.verify;

import dev.ecsdeployer.config.LoadBalancerConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceSettings;
import dev.ecsdeployer.config.TaskDefinitionConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code verify}: checks that what a service's config points at in AWS exists and fits, before a
 * rollout depends on it. Read-only (describes and metadata; never a secret's value). Each check
 * that AWS cannot answer is itself reported, naming the field, so a verify that could not look is
 * never mistaken for one that passed.
 *
 * <p>IAM, Secrets Manager, ELBv2 and EC2 are read through {@link VerifyReads} ({@link AwsVerifyReads});
 * SSM through its SDK client. Clients are built on first use: only verify needs them.
 */
public final class ServiceVerifier {

    private final VerifyReads reads;
    private final Supplier<SsmClient> ssm;
    private final ReachCheck reach;

    public ServiceVerifier(VerifyReads reads, Supplier<SsmClient> ssm) {
        this.reads = reads;
        this.ssm = ssm;
        this.reach = new ReachCheck(reads, ssm);
    }

    /**
     * The task role and secrets the config names that their owners have not granted to its service
     * ({@link ReachCheck}); empty when all are granted.
     *
     * @throws SdkException when AWS could not answer (the caller retries)
     */
    public List<Finding> reach(ServiceConfig config) {
        return reach.check(config);
    }

    /** Every finding for a valid config; empty when all checks pass. */
    public List<Finding> verify(ServiceConfig config) {
        List<Finding> findings = new ArrayList<>();
        TaskDefinitionConfig td = config.taskDefinition();
        findings.addAll(role("taskDefinition.executionRoleArn", td.executionRoleArn()));
        if (td.taskRoleArn() != null) {
            findings.addAll(role("taskDefinition.taskRoleArn", td.taskRoleArn()));
        }
        td.allSecrets().forEach((path, valueFrom) -> findings.addAll(secret(path, valueFrom)));
        ServiceSettings service = config.service();
        NetworkCheck.Result network = network(service);
        findings.addAll(network.findings());
        LoadBalancerConfig lb = service.loadBalancer();
        if (lb != null && lb.targetGroupArn() != null) {
            findings.addAll(targetGroup(lb.targetGroupArn(), td.followingContainerPort(), network.vpcId()));
        }
        if (service.loadBalancers() != null) {
            for (int i = 0; i < service.loadBalancers().size(); i++) {
                ServiceSettings.TargetGroupConfig tg = service.loadBalancers().get(i);
                String at = "service.loadBalancers[" + i + "].targetGroupArn";
                targetGroup(tg.targetGroupArn(), tg.containerPort(), network.vpcId()).stream()
                        .map(f -> new Finding(at, f.found(), f.problem())).forEach(findings::add);
            }
        }
        findings.addAll(LogGroupNameCheck.check(config));
        try {
            // One finding per field: a role or secret verify already found missing is not reported twice.
            reach.check(config).stream()
                    .filter(r -> findings.stream().noneMatch(f -> List.of(r.path().split(", ")).contains(f.path())))
                    .forEach(findings::add);
        } catch (SdkException e) {
            // Unlike the other checks, an unread grant holds the rollout back: reach is refused unless shown.
            findings.add(new Finding("taskDefinition.taskRoleArn", "grants (tag " + dev.ecsdeployer.config.ReachTag.KEY
                    + ") not read: " + e.getMessage(), "the rollout waits until they can be read"));
        }
        return List.copyOf(findings);
    }

    private List<Finding> role(String path, String roleArn) {
        if (roleArn == null) {
            return List.of();
        }
        try {
            return RoleCheck.check(path, roleArn, reads.roleTrustPolicy(RoleCheck.roleName(roleArn)));
        } catch (SdkException e) {
            return List.of(unchecked(path, "iam:GetRole", e));
        }
    }

    private List<Finding> secret(String path, String valueFrom) {
        SecretReference ref = SecretReference.parse(valueFrom);
        try {
            return ref.kind() == SecretReference.Kind.SECRETS_MANAGER
                    ? secretsManagerSecret(path, ref)
                    : ssmParameter(path, ref);
        } catch (SdkException e) {
            return List.of(unchecked(path, ref.kind() == SecretReference.Kind.SECRETS_MANAGER
                    ? "secretsmanager:DescribeSecret" : "ssm:DescribeParameters", e));
        }
    }

    private List<Finding> secretsManagerSecret(String path, SecretReference ref) {
        VerifyReads.Secret secret = reads.describeSecret(ref.secretId());
        if (secret == null) {
            return List.of(new Finding(path, "no secret " + ref.secretId(), "ECS cannot start tasks whose secret is missing"));
        }
        if (secret.deletedDate() != null) {
            return List.of(new Finding(path, "secret " + ref.secretId() + " scheduled for deletion on "
                    + secret.deletedDate(), "ECS cannot read a deleted secret"));
        }
        Map<String, List<String>> stages = secret.versionIdsToStages() == null ? Map.of() : secret.versionIdsToStages();
        if (ref.versionId() != null && !stages.containsKey(ref.versionId())) {
            return List.of(new Finding(path, "no version " + ref.versionId() + " of " + secret.name(),
                    "versions: " + stages.keySet()));
        }
        if (ref.versionStage() != null && stages.values().stream().noneMatch(s -> s.contains(ref.versionStage()))) {
            return List.of(new Finding(path, "no version of " + secret.name() + " has stage " + ref.versionStage(),
                    "stages: " + stages.values().stream().flatMap(Collection::stream).distinct().toList()));
        }
        return List.of();
    }

    private List<Finding> ssmParameter(String path, SecretReference ref) {
        // DescribeParameters returns metadata only; GetParameter would return the value.
        boolean exists = !ssm.get().describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder()
                .key("Name").option("Equals").values(ref.secretId()).build())).parameters().isEmpty();
        return exists ? List.of()
                : List.of(new Finding(path, "no SSM parameter " + ref.secretId(), "ECS cannot start tasks whose secret is missing"));
    }

    private NetworkCheck.Result network(ServiceSettings service) {
        Map<String, String> subnetVpcs = new LinkedHashMap<>();
        Map<String, String> groupVpcs = new LinkedHashMap<>();
        try {
            if (!service.subnets().isEmpty()) {
                // A filter, not SubnetIds: unknown ids are left out instead of failing the whole call.
                subnetVpcs.putAll(reads.subnetVpcs(service.subnets()));
            }
            if (!service.securityGroups().isEmpty()) {
                groupVpcs.putAll(reads.securityGroupVpcs(service.securityGroups()));
            }
        } catch (SdkException e) {
            return new NetworkCheck.Result(List.of(unchecked("service.subnets",
                    "ec2:DescribeSubnets and ec2:DescribeSecurityGroups", e)), null);
        }
        return NetworkCheck.check(service.subnets(), service.securityGroups(), subnetVpcs, groupVpcs);
    }

    private List<Finding> targetGroup(String arn, Integer containerPort, String serviceVpc) {
        TargetGroupCheck.TargetGroup found;
        try {
            found = reads.targetGroup(arn);
        } catch (SdkException e) {
            return List.of(unchecked(TargetGroupCheck.PATH, "elasticloadbalancing:DescribeTargetGroups", e));
        }
        return TargetGroupCheck.check(arn, found, containerPort, serviceVpc);
    }

    private static Finding unchecked(String path, String action, SdkException e) {
        return new Finding(path, "not checked: " + e.getMessage(), "verify needs " + action);
    }
}
