package dev.ecsdeployer.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker behind {@code IamCoverageIT}: it reads the real template's role, honours IAM's
 * wildcards, and turns red when a grant the code needs is taken away.
 */
class IamActionsTest {

    /**
     * The operations the deployer's code called in a whole run of the suite (IamCoverageIT prints them),
     * so that this test alone already notices a grant taken away from one of them.
     */
    static final Set<String> CALLED = Set.of("ApplicationAutoScaling.DeleteScalingPolicy",
            "ApplicationAutoScaling.DescribeScalableTargets", "ApplicationAutoScaling.DescribeScalingPolicies",
            "ApplicationAutoScaling.PutScalingPolicy", "ApplicationAutoScaling.RegisterScalableTarget",
            "CloudWatch.DescribeAlarms", "CloudWatch.PutMetricAlarm", "CloudWatchLogs.CreateLogGroup",
            "CloudWatchLogs.DescribeLogGroups", "CloudWatchLogs.ListTagsForResource",
            "CloudWatchLogs.PutRetentionPolicy", "EC2.DescribeSecurityGroups",
            "EC2.DescribeSubnets", "ECR.BatchGetImage", "ECR.DescribeImages", "ECR.GetDownloadUrlForLayer",
            "ECS.CreateService", "ECS.DescribeServices", "ECS.DescribeTaskDefinition", "ECS.RegisterTaskDefinition",
            "ECS.RunTask", "ECS.StopTask",
            "ECS.TagResource", "ECS.UpdateService", "ELBv2.DescribeTargetGroups",
            "EventBridge.PutEvents", "IAM.GetRole", "IAM.ListRoleTags", "SQS.SendMessageBatch", "SSM.DescribeParameters",
            "SSM.GetParameter", "SSM.GetParameters", "SSM.GetParametersByPath", "SSM.ListTagsForResource",
            "SecretsManager.DescribeSecret", "STS.AssumeRole", "CloudWatch.GetMetricData", "ELBv2.DescribeRules");

    static String template() throws IOException {
        return Files.readString(Path.of("template.yaml"));
    }

    @Test
    void theTemplatesRoleAllowsEveryCallTheSuiteSaw() throws IOException {
        assertEquals(Map.of(), IamActions.ungranted(CALLED, DeployerRolePolicy.fromTemplate(template())));
    }

    @Test
    void removingAGrantTheCodeNeedsIsCaught() throws IOException {
        String template = template();
        String without = template.replace("ecs:UpdateService, ", "");
        assertFalse(template.equals(without), "the template no longer grants ecs:UpdateService in this form");

        Map<String, String> missing = IamActions.ungranted(CALLED, DeployerRolePolicy.fromTemplate(without));

        assertEquals(Map.of("ECS.UpdateService", "ecs:UpdateService"), missing);
    }

    @Test
    void removingAWholeStatementIsCaught() throws IOException {
        String template = template();
        int start = template.indexOf("- Sid: ReportToItsBus");
        int end = template.indexOf("- Sid:", start + 1);
        String without = template.substring(0, start) + template.substring(end);

        assertEquals(Map.of("EventBridge.PutEvents", "events:PutEvents"),
                IamActions.ungranted(CALLED, DeployerRolePolicy.fromTemplate(without)));
    }

    @Test
    void wildcardsAndCaseAreHonoured() {
        assertTrue(IamActions.matches("ecs:Describe*", "ecs:DescribeServices"));
        assertTrue(IamActions.matches("ECS:describeservices", "ecs:DescribeServices"));
        assertTrue(IamActions.matches("ecs:Describe?ervices", "ecs:DescribeServices"));
        assertTrue(IamActions.matches("*", "ecs:DescribeServices"));
        assertFalse(IamActions.matches("ecs:Describe*", "ecs:UpdateService"));
        assertFalse(IamActions.matches("ecs:Describe", "ecs:DescribeServices"));
        assertFalse(IamActions.matches("ec2:Describe*", "ecs:DescribeServices"));
    }

    @Test
    void aWildcardGrantInATemplateCoversTheCall() {
        String yaml = role("""
                      - Effect: Allow
                        Action: [ecs:Describe*, ssm:GetParameter]
                        Resource: !Sub arn:${AWS::Partition}:ecs:*:*:*
                """);
        List<PolicyStatement> statements = DeployerRolePolicy.fromTemplate(yaml);
        assertEquals(Map.of("ECS.UpdateService", "ecs:UpdateService"), IamActions.ungranted(
                Set.of("ECS.DescribeServices", "ECS.DescribeTaskDefinition", "SSM.GetParameter", "ECS.UpdateService"),
                statements));
    }

    @Test
    void anUnconditionalDenyWinsAndNotActionIsRead() {
        String yaml = role("""
                      - Effect: Allow
                        NotAction: iam:*
                        Resource: "*"
                      - Effect: Deny
                        Action: ecs:DeleteService
                        Resource: "*"
                """);
        List<PolicyStatement> statements = DeployerRolePolicy.fromTemplate(yaml);
        assertEquals(Map.of("ECS.DeleteService", "ecs:DeleteService", "IAM.GetRole", "iam:GetRole"),
                IamActions.ungranted(Set.of("ECS.UpdateService", "ECS.DeleteService", "IAM.GetRole"), statements));
    }

    @Test
    void anUnknownServiceOrAnUnreadableActionFailsLoudly() {
        assertEquals("no IAM prefix known for the service of 'Unknown.GET /'; known: "
                + IamActions.PREFIXES.keySet(), IamActions.ungranted(Set.of("Unknown.GET /"), List.of()).get("Unknown.GET /"));
        String yaml = role("""
                      - Effect: Allow
                        Action: !If [IsNative, ecs:UpdateService, ecs:CreateService]
                        Resource: "*"
                """);
        assertThrows(IllegalStateException.class, () -> DeployerRolePolicy.fromTemplate(yaml));
        assertThrows(IllegalStateException.class, () -> DeployerRolePolicy.fromTemplate("Resources: {}\n"));
    }

    @Test
    void everyOperationKeyFormMapsToItsIamPrefix() {
        assertEquals("logs:CreateLogGroup", IamActions.iamAction("CloudWatchLogs.CreateLogGroup"));
        assertEquals("cloudwatch:PutMetricAlarm", IamActions.iamAction("CloudWatch.PutMetricAlarm"));
        assertEquals("application-autoscaling:PutScalingPolicy",
                IamActions.iamAction("ApplicationAutoScaling.PutScalingPolicy"));
        assertEquals("elasticloadbalancing:DescribeTargetGroups", IamActions.iamAction("ELBv2.DescribeTargetGroups"));
        assertEquals("events:PutEvents", IamActions.iamAction("EventBridge.PutEvents"));
    }

    private static String role(String statements) {
        return """
                Resources:
                  DeployerRole:
                    Type: AWS::IAM::Role
                    Properties:
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                """ + statements.indent(8);
    }
}
