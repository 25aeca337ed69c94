package dev.ecsdeployer.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.Fault;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ExampleConfigs;
import dev.ecsdeployer.testing.LambdaInvoker;
import dev.ecsdeployer.testing.PublishedEvents;
import dev.ecsdeployer.testing.TestClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reach of a config, through the Lambda handler on moto: the task role and secrets a service
 * uses are granted by a tag on them ({@code ecs-deployer:services}), not by whoever writes its
 * parameter. A config naming one not granted to it is refused by verify and before any write.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class ConfigReachTest {

    static final String VERIFY = "{\"command\":\"verify\",\"environment\":\"prod\",\"service\":\"api\"}";

    AwsClientFactory aws;
    EcsClient ecs;
    Baseline baseline;
    PublishedEvents published;
    ObjectNode doc;

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        aws = AwsClientFactory.fromEnvironment();
        ecs = aws.ecs();
        baseline = MotoBaseline.create(aws, "api");
        published = PublishedEvents.capture(aws);
        // The baseline's task role is granted to every service (*); the secret to prod/api.
        doc = ExampleConfigs.withRealSecrets(ExampleConfigs.forBaseline("api-prod.json", baseline),
                TestClients.secretsManager(aws));
        FaultInjector.reset();
    }

    JsonNode pushReport() {
        ExampleConfigs.put(aws.ssm(), "prod", "api", doc);
        return LambdaInvoker.invoke(LambdaInvoker.push(baseline.repositoryName(), baseline.imageDigest(), "latest",
                "2026-05-20T12:00:00Z")).path("services").get(0);
    }

    String roleFor(String name, String grant) {
        return TestClients.iam(aws).createRole(b -> b.roleName(name).assumeRolePolicyDocument(MotoBaseline.ECS_TASKS_TRUST)
                .tags(grant == null ? java.util.List.of() : java.util.List.of(Tag.builder().key("ecs-deployer:services")
                        .value(grant).build()))).role().arn();
    }

    void assertNothingWritten() {
        assertEquals(0, FaultInjector.calls("ECS.RegisterTaskDefinition") + FaultInjector.calls("ECS.CreateService")
                + FaultInjector.calls("ECS.UpdateService") + FaultInjector.calls("CloudWatchLogs.CreateLogGroup"),
                FaultInjector.calls().toString());
        assertTrue(ecs.listTaskDefinitions(b -> b.familyPrefix("myapp-prod-api")).taskDefinitionArns().isEmpty());
    }

    @Test
    void aGrantedRoleAndSecretDeploy() {
        JsonNode report = pushReport();

        assertEquals("APPLIED", report.path("status").asText(), report.toString());
        assertEquals(1, FaultInjector.calls("IAM.ListRoleTags"), FaultInjector.calls().toString());
    }

    @Test
    void aTaskRoleGrantedToAnotherServiceIsRefusedOnPushAndByVerifyNamingTheTagAndNothingIsWritten() {
        doc.with("taskDefinition").put("taskRoleArn", roleFor("worker-task", "prod/worker"));

        JsonNode report = pushReport();

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertEquals("taskDefinition.taskRoleArn: role 'worker-task' is tagged ecs-deployer:services='prod/worker',"
                + " which does not include prod/api; its owner grants it to this service by tagging it"
                + " ecs-deployer:services='prod/worker prod/api' (space-separated <environment>/<service>, or * for"
                + " every service); nothing was changed", report.path("errors").get(0).asText());
        assertNothingWritten();

        JsonNode verified = LambdaInvoker.invoke(VERIFY).path("services").get(0);
        assertEquals("VERIFY_FAILED", verified.path("status").asText(), verified.toString());
        assertTrue(verified.path("errors").toString().contains("ecs-deployer:services='prod/worker prod/api'"),
                verified.toString());
        assertNothingWritten();
    }

    @Test
    void anUntaggedTaskRoleIsRefusedByAConfigChange() {
        doc.with("taskDefinition").put("taskRoleArn", roleFor("admin", null));
        ExampleConfigs.put(aws.ssm(), "prod", "api", doc);

        JsonNode report = LambdaInvoker.invoke(LambdaInvoker.sample("ssm-config-change.json")).path("services").get(0);

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").toString().contains("role 'admin' has no tag ecs-deployer:services; its owner"
                + " grants it to this service by tagging it ecs-deployer:services='prod/api'"), report.toString());
        assertNothingWritten();
    }

    @Test
    void anUntaggedSecretIsRefusedOnPushAndByVerify() {
        String other = TestClients.secretsManager(aws).createSecret(b -> b.name("payments-db")
                .secretString("{\"password\":\"p\"}")).arn();
        doc.with("taskDefinition").with("secrets").put("DATABASE_PASSWORD", other + ":password::");

        JsonNode report = pushReport();

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertEquals(1, report.path("errors").size(), report.toString());
        assertTrue(report.path("errors").get(0).asText().startsWith("taskDefinition.secrets.DATABASE_PASSWORD: secret "
                + other + " has no tag ecs-deployer:services"), report.toString());
        assertNothingWritten();

        JsonNode verified = LambdaInvoker.invoke(VERIFY).path("services").get(0);
        assertTrue(verified.path("errors").toString().contains("by tagging it ecs-deployer:services='prod/api'"),
                verified.toString());
    }

    @Test
    void aDeployerThatMayNotReadTheRolesTagsRefusesNamingThePermission() {
        FaultInjector.failNext("IAM.ListRoleTags", Fault.ACCESS_DENIED);

        JsonNode report = pushReport();

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertEquals("taskDefinition.taskRoleArn: the deployer may not read its tags (AccessDenied); the deployer's"
                + " role needs iam:ListRoleTags to check that it is granted to this service",
                report.path("errors").get(0).asText());
        assertNothingWritten();
    }

    @Test
    void anSsmParameterSecretTaggedForAnotherServiceIsRefused() {
        aws.ssm().putParameter(b -> b.name("/payments/token").type(ParameterType.SECURE_STRING).value("t")
                .tags(software.amazon.awssdk.services.ssm.model.Tag.builder().key("ecs-deployer:services")
                        .value("prod/payments").build()));
        doc.with("taskDefinition").with("secrets").put("API_TOKEN", "arn:aws:ssm:us-east-1:123456789012:parameter/payments/token");

        JsonNode report = pushReport();

        assertEquals("VERIFY_FAILED", report.path("status").asText(), report.toString());
        assertTrue(report.path("errors").get(0).asText().startsWith("taskDefinition.secrets.API_TOKEN: SSM parameter"
                + " /payments/token is tagged ecs-deployer:services='prod/payments'"), report.toString());
        assertNothingWritten();
    }

    @Test
    void defaultsThatSetATaskRoleOrSecretsAreRejected() {
        aws.ssm().putParameter(b -> b.name("/ecs-deployer/prod/_defaults").type(ParameterType.STRING).overwrite(true)
                .value("{\"taskDefinition\":{\"taskRoleArn\":\"" + baseline.taskRoleArn() + "\","
                        + "\"secrets\":{\"SHARED\":\"/shared/token\"}}}"));

        JsonNode report = pushReport();

        assertEquals("REJECTED", report.path("status").asText(), report.toString());
        String errors = report.path("errors").toString();
        assertTrue(errors.contains("taskDefinition.taskRoleArn: \\\"" + baseline.taskRoleArn() + "\\\" may not be set in the"
                + " environment's defaults document /ecs-deployer/prod/_defaults: a task role and secrets are per"
                + " service"), errors);
        assertTrue(errors.contains("taskDefinition.secrets: {\\\"SHARED\\\":\\\"/shared/token\\\"} may not be set"), errors);
        assertNothingWritten();
    }
}
