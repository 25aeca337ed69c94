package dev.ecsdeployer.verify;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure checks behind {@code verify}. */
class VerifyChecksTest {

    static final String ECS_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"ecs-tasks.amazonaws.com\",\"lambda.amazonaws.com\"]},"
            + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}";
    static final String LAMBDA_TRUST = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
            + "\"lambda.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\"]}]}";
    static final String ROLE = "arn:aws:iam::123456789012:role/app/myapp-task";

    @Test
    void aTrustPolicyIsReadUrlEncodedAsIamReturnsItOrPlain() {
        String encoded = URLEncoder.encode(ECS_TRUST, StandardCharsets.UTF_8);

        assertEquals(Set.of("ecs-tasks.amazonaws.com", "lambda.amazonaws.com"), TrustPolicy.servicesAllowedToAssume(encoded));
        assertEquals(Set.of("lambda.amazonaws.com"), TrustPolicy.servicesAllowedToAssume(LAMBDA_TRUST));
    }

    @Test
    void aDenyStatementTrustsNobody() {
        String deny = ECS_TRUST.replace("\"Allow\"", "\"Deny\"");

        assertEquals(Set.of(), TrustPolicy.servicesAllowedToAssume(deny));
    }

    @Test
    void aRoleWithoutTheEcsTrustOrMissingIsReportedWithWhatItTrusts() {
        assertEquals(List.of(), RoleCheck.check("taskDefinition.taskRoleArn", ROLE, ECS_TRUST));

        Finding untrusted = RoleCheck.check("taskDefinition.taskRoleArn", ROLE, LAMBDA_TRUST).get(0);
        Finding missing = RoleCheck.check("taskDefinition.executionRoleArn", ROLE, null).get(0);

        assertEquals("taskDefinition.taskRoleArn: role 'myapp-task' trusts lambda.amazonaws.com; its trust policy"
                + " must allow ecs-tasks.amazonaws.com to sts:AssumeRole", untrusted.describe());
        assertEquals("taskDefinition.executionRoleArn", missing.path());
        assertTrue(missing.found().contains("no role 'myapp-task'"), missing.found());
    }

    @Test
    void secretReferencesNameTheSecretOrParameterToDescribe() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";

        assertEquals(new SecretReference(SecretReference.Kind.SECRETS_MANAGER, arn, null, null),
                SecretReference.parse(arn + ":password::"));
        assertEquals(new SecretReference(SecretReference.Kind.SECRETS_MANAGER, arn, "AWSPREVIOUS", null),
                SecretReference.parse(arn + ":password:AWSPREVIOUS:"));
        assertEquals(new SecretReference(SecretReference.Kind.SECRETS_MANAGER, arn, null, null),
                SecretReference.parse(arn));
        assertEquals("/myapp/prod/token", SecretReference.parse(
                "arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/token").secretId());
        assertEquals("token", SecretReference.parse("arn:aws:ssm:us-east-1:123456789012:parameter/token").secretId());
        assertEquals("/myapp/token", SecretReference.parse("/myapp/token").secretId());
    }

    @Test
    void aTargetGroupOnAnotherPortOrOfInstanceTypeIsReported() {
        var tg = new TargetGroupCheck.TargetGroup("arn:tg", "instance", 8080, "vpc-1");

        List<Finding> findings = TargetGroupCheck.check("arn:tg", tg, 3001, "vpc-2");

        assertEquals(List.of(
                "service.loadBalancer.targetGroupArn: target type 'instance'; Fargate tasks (awsvpc) register by IP:"
                        + " the target type must be 'ip'",
                "service.loadBalancer.targetGroupArn: port 8080; must equal taskDefinition.containerPort 3001",
                "service.loadBalancer.targetGroupArn: target group in vpc-1; the service's subnets are in vpc-2;"
                        + " targets must be in the target group's VPC"),
                findings.stream().map(Finding::describe).toList());
        assertEquals(List.of(), TargetGroupCheck.check("arn:tg",
                new TargetGroupCheck.TargetGroup("arn:tg", "ip", 3001, "vpc-2"), 3001, "vpc-2"));
        assertTrue(TargetGroupCheck.check("arn:tg", null, 3001, "vpc-2").get(0).found().contains("no target group"));
    }

    @Test
    void missingSubnetsAndGroupsInAnotherVpcAreReportedByIndex() {
        NetworkCheck.Result r = NetworkCheck.check(List.of("subnet-a", "subnet-gone", "subnet-b"), List.of("sg-x"),
                Map.of("subnet-a", "vpc-1", "subnet-b", "vpc-2"), Map.of("sg-x", "vpc-2"));

        assertEquals("vpc-1", r.vpcId());
        assertEquals(List.of(
                "service.subnets[1]: no subnet 'subnet-gone'; it does not exist in this account and region",
                "service.subnets[2]: subnet 'subnet-b' in vpc-2; must be in the VPC of service.subnets[0], vpc-1",
                "service.securityGroups[0]: security group 'sg-x' in vpc-2; must be in the VPC of service.subnets[0], vpc-1"),
                r.findings().stream().map(Finding::describe).toList());
        assertEquals(List.of(), NetworkCheck.check(List.of("subnet-a"), List.of("sg-x"), Map.of("subnet-a", "vpc-1"),
                Map.of("sg-x", "vpc-1")).findings());
    }
}
