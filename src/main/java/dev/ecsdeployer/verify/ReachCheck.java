package dev.ecsdeployer.verify;

import dev.ecsdeployer.config.ReachTag;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.TaskDefinitionConfig;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The reach of a config: the task role and the secrets a service may use are granted by their owners
 * outside SSM, with the tag {@link ReachTag#KEY} on the role or secret. Whoever can write a service's
 * parameter can deploy that service, but cannot give it a role or a secret nobody granted it.
 * Runs in {@code verify} and before every write of a deploy (push, operator's deploy, heal, config change).
 *
 * <p>A task role or SSM parameter that does not exist is refused (their names are predictable, so a
 * config could name one before its owner creates it); a Secrets Manager secret that does not exist is
 * left to verify's existence check (its ARN ends in a random suffix: nobody can name it in advance).
 * The execution role is not checked: it is ECS's agent, shared, and limited by the template's PassRole.
 */
public final class ReachCheck {

    private final VerifyReads reads;
    private final Supplier<SsmClient> ssm;

    public ReachCheck(VerifyReads reads, Supplier<SsmClient> ssm) {
        this.reads = reads;
        this.ssm = ssm;
    }

    /**
     * What the config names that is not granted to its service; empty when all is granted.
     *
     * @throws SdkException when AWS could not answer (other than access denied, which is a finding)
     */
    public List<Finding> check(ServiceConfig config) {
        List<Finding> findings = new ArrayList<>();
        TaskDefinitionConfig td = config.taskDefinition();
        String env = config.environment();
        String service = config.name();
        if (td.taskRoleArn() != null) {
            String path = "taskDefinition.taskRoleArn";
            String role = RoleCheck.roleName(td.taskRoleArn());
            try {
                Map<String, String> tags = reads.roleTags(role);
                if (tags == null) {
                    findings.add(new Finding(path, "no role '" + role + "' (" + td.taskRoleArn() + ")",
                            "a task role must exist and be tagged " + ReachTag.KEY + "=" + env + "/" + service
                                    + " by its owner before a service may use it"));
                } else {
                    findings.addAll(granted(path, "role '" + role + "'", tags.get(ReachTag.KEY), env, service));
                }
            } catch (AwsServiceException e) {
                findings.add(denied(path, "iam:ListRoleTags", e));
            }
        }
        // Every container's secrets. One read per secret, however many keys of it the config names.
        Map<String, List<String>> byId = new TreeMap<>();
        td.allSecrets().forEach((path, valueFrom) -> byId.computeIfAbsent(
                SecretReference.parse(valueFrom).secretId(), k -> new ArrayList<>()).add(path));
        byId.forEach((id, paths) -> findings.addAll(secret(id, paths, env, service)));
        return List.copyOf(findings);
    }

    private List<Finding> secret(String id, List<String> names, String env, String service) {
        String path = String.join(", ", names);
        SecretReference ref = SecretReference.parse(id);
        try {
            if (ref.kind() == SecretReference.Kind.SECRETS_MANAGER) {
                VerifyReads.Secret secret = reads.describeSecret(id);
                return secret == null ? List.of()
                        : granted(path, "secret " + id, secret.tags().get(ReachTag.KEY), env, service);
            }
            Map<String, String> tags = parameterTags(id);
            if (tags == null) {
                return List.of(new Finding(path, "no SSM parameter " + id, "a secret must exist and be tagged "
                        + ReachTag.KEY + "=" + env + "/" + service + " by its owner before a service may use it"));
            }
            return granted(path, "SSM parameter " + id, tags.get(ReachTag.KEY), env, service);
        } catch (AwsServiceException e) {
            return List.of(denied(path, ref.kind() == SecretReference.Kind.SECRETS_MANAGER
                    ? "secretsmanager:DescribeSecret" : "ssm:ListTagsForResource", e));
        }
    }

    private Map<String, String> parameterTags(String name) {
        try {
            return ssm.get().listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))
                    .tagList().stream().collect(Collectors.toUnmodifiableMap(t -> t.key(),
                            t -> t.value() == null ? "" : t.value(), (a, b) -> b));
        } catch (InvalidResourceIdException e) {
            return null;
        }
    }

    private static List<Finding> granted(String path, String what, String tag, String env, String service) {
        if (ReachTag.grants(tag, env, service)) {
            return List.of();
        }
        return List.of(new Finding(path, what + (tag == null ? " has no tag " + ReachTag.KEY
                        : " is tagged " + ReachTag.KEY + "='" + tag + "', which does not include " + env + "/" + service),
                "its owner grants it to this service by tagging it " + ReachTag.KEY + "='"
                        + ReachTag.withService(tag, env, service) + "' (space-separated <environment>/<service>, or * for"
                        + " every service); nothing was changed"));
    }

    /** Access denied: refused, naming the permission; any other AWS error is thrown for a retry. */
    private static Finding denied(String path, String permission, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (!"AccessDenied".equals(code) && !"AccessDeniedException".equals(code)) {
            throw e;
        }
        return new Finding(path, "the deployer may not read its tags (" + code + ")",
                "the deployer's role needs " + permission + " to check that it is granted to this service");
    }
}
