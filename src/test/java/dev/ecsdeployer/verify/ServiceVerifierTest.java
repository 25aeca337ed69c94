package dev.ecsdeployer.verify;

import dev.ecsdeployer.testing.TestClients;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoExtension;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.testing.ExampleConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code verify} against moto: each problem is reported with its config field path, and a sound config passes. */
@ExtendWith(MotoExtension.class)
class ServiceVerifierTest {

    AwsClients aws;
    Baseline baseline;
    Verifier verifier;
    ObjectNode doc;
    String defaults;

    @BeforeEach
    void setUp() {
        MotoServer.start().reset();
        aws = new AwsClients(AwsClientFactory.fromEnvironment());
        baseline = MotoBaseline.createWithLoadBalancer(aws.factory(), "api", 3001);
        TestManifests.put(aws.ecr(), baseline.repositoryName(), "latest", TestManifests.index("linux/amd64", "linux/arm64"));
        String secretArn = TestClients.secretsManager(aws).createSecret(b -> b.name("myapp-prod-db-credentials")
                .secretString("{\"username\":\"u\",\"password\":\"p\"}")
                .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ecs-deployer:services")
                        .value("prod/api").build())).arn();
        aws.ssm().putParameter(b -> b.name("/myapp/prod/token").type(ParameterType.SECURE_STRING).value("t")
                .tags(software.amazon.awssdk.services.ssm.model.Tag.builder().key("ecs-deployer:services")
                        .value("prod/worker prod/api").build()));
        doc = ExampleConfigs.forBaseline("api-prod.json", baseline);
        ObjectNode secrets = ((ObjectNode) doc.get("taskDefinition")).putObject("secrets");
        secrets.put("DATABASE_USERNAME", secretArn + ":username::");
        secrets.put("DATABASE_PASSWORD", secretArn + ":password:AWSCURRENT:");
        secrets.put("API_TOKEN", "arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/token");
        verifier = new Verifier(new EcrImagePlatforms(aws::ecr, new ConfigBlobReader(aws::ecrLookup)),
                new ServiceVerifier(new AwsVerifyReads(aws::iam, aws::secretsManager,
                        aws::elb, aws::ec2Reads), aws::ssm),
                new EcrImages(aws::ecr, MotoServer.REGION));
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    List<String> verify() {
        ConfigResult parsed = new ServiceConfigParser().parse(new ConfigLocation("ecs-deployer", "prod", "api"),
                doc.toString(), defaults);
        assertTrue(parsed.valid(), parsed.errors().toString());
        ServiceConfig config = parsed.config();
        return verifier.verify(config).stream().map(Finding::describe).toList();
    }

    ObjectNode taskDefinition() {
        return (ObjectNode) doc.get("taskDefinition");
    }

    @Test
    void aSoundConfigHasNoFindings() {
        assertEquals(List.of(), verify());
    }

    @Test
    void aMissingSecretIsReportedWithItsFieldPath() {
        String missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:myapp-prod-gone-AbCdEf";
        ((ObjectNode) taskDefinition().get("secrets")).put("DATABASE_PASSWORD", missing + ":password::");
        ((ObjectNode) taskDefinition().get("secrets")).put("API_TOKEN", "arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/gone");

        assertEquals(List.of(
                "taskDefinition.secrets.API_TOKEN: no SSM parameter /myapp/prod/gone; ECS cannot start tasks whose secret is missing",
                "taskDefinition.secrets.DATABASE_PASSWORD: no secret " + missing
                        + "; ECS cannot start tasks whose secret is missing"), verify());
    }

    @Test
    void aVersionStageNoVersionHasIsReported() {
        String arn = taskDefinition().get("secrets").get("DATABASE_USERNAME").asText().replace(":username::", "");
        ((ObjectNode) taskDefinition().get("secrets")).put("DATABASE_USERNAME", arn + ":username:AWSPREVIOUS:");

        List<String> findings = verify();

        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("taskDefinition.secrets.DATABASE_USERNAME: no version of"
                + " myapp-prod-db-credentials has stage AWSPREVIOUS"), findings.get(0));
    }

    @Test
    void aRoleWithoutTheEcsTrustAndAMissingRoleAreReported() {
        String lambdaRole = TestClients.iam(aws).createRole(b -> b.roleName("api-lambda").assumeRolePolicyDocument(
                VerifyChecksTest.LAMBDA_TRUST)).role().arn();
        taskDefinition().put("taskRoleArn", lambdaRole);
        taskDefinition().put("executionRoleArn", "arn:aws:iam::123456789012:role/api-gone");

        assertEquals(List.of(
                "taskDefinition.executionRoleArn: no role 'api-gone' (arn:aws:iam::123456789012:role/api-gone);"
                        + " ECS cannot start tasks with a role that does not exist",
                "taskDefinition.taskRoleArn: role 'api-lambda' trusts lambda.amazonaws.com; its trust policy must"
                        + " allow ecs-tasks.amazonaws.com to sts:AssumeRole"), verify());
    }

    @Test
    void aTargetGroupOnAnotherPortIsReported() {
        String other = TestClients.elb(aws).createTargetGroup(b -> b.name("api-8080").targetType(TargetTypeEnum.IP)
                .protocol(ProtocolEnum.HTTP).port(8080).vpcId(baseline.vpcId())).targetGroups().get(0).targetGroupArn();
        ((ObjectNode) doc.get("service").get("loadBalancer")).put("targetGroupArn", other);
        ((ObjectNode) doc.get("scaling")).remove("requestCount");

        assertEquals(List.of("service.loadBalancer.targetGroupArn: port 8080; must equal taskDefinition.containerPort 3001"),
                verify());
    }

    @Test
    void aSecurityGroupInAnotherVpcAndAMissingSubnetAreReported() {
        String otherVpc = TestClients.ec2(aws).createVpc(b -> b.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String otherGroup = TestClients.ec2(aws).createSecurityGroup(b -> b.vpcId(otherVpc).groupName("elsewhere")
                .description("another vpc")).groupId();
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("service").get("securityGroups")).add(otherGroup);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("service").get("subnets")).add("subnet-0123456789abcdef0");

        assertEquals(List.of(
                "service.subnets[2]: no subnet 'subnet-0123456789abcdef0'; it does not exist in this account and region",
                "service.securityGroups[1]: security group '" + otherGroup + "' in " + otherVpc
                        + "; must be in the VPC of service.subnets[0], " + baseline.vpcId()), verify());
    }

    @Test
    void aLogGroupOffThePatternIsReported() {
        // Validation takes a name other than the derived one only where _defaults allows it.
        defaults = "{\"allowNameOverrides\": true}";
        ((ObjectNode) doc.get("logGroup")).put("name", "/ecs/api");

        assertEquals(List.of("logGroup.name: '/ecs/api'; must follow /ecs/<project>-<env>/<service>: '/ecs/myapp-prod/api'"),
                verify());
    }

    @Test
    void aFollowedImageWithoutArm64IsReportedForTheArm64Service() {
        TestManifests.put(aws.ecr(), baseline.repositoryName(), "latest", TestManifests.index("linux/amd64"));

        List<String> findings = verify();

        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("taskDefinition.cpuArchitecture: " + baseline.repositoryName()
                + ":latest (image index) has only [linux/amd64]"), findings.get(0));
    }

    @Test
    void readingAPushedImagesPlatformBuildsOnlyTheEcrClient() {
        AwsClients fresh = new AwsClients(AwsClientFactory.fromEnvironment());
        Verifier onPush = new Verifier(new EcrImagePlatforms(fresh::ecr, new ConfigBlobReader(fresh::ecrLookup)),
                new ServiceVerifier(new AwsVerifyReads(fresh::iam, fresh::secretsManager,
                        fresh::elb, fresh::ec2Reads), fresh::ssm),
                new EcrImages(fresh::ecr, MotoServer.REGION));
        String digest = TestManifests.put(aws.ecr(), baseline.repositoryName(), "multi",
                TestManifests.dockerList("linux/arm64"));

        ImagePlatforms platforms = onPush.platformsOf(null, baseline.repositoryName(), digest);

        assertEquals(List.of(Platform.LINUX_ARM64), assertInstanceOf(ImagePlatforms.Known.class, platforms).platforms());
        assertEquals(1, fresh.builtCount(), "IAM, Secrets Manager, ELB and EC2 read clients stay unbuilt on a push");
        fresh.close();
    }

    @Test
    void aSingleManifestsPlatformIsUndeterminedOnMotoWhichServesNoBlobs() {
        // moto 5.2.1 does not implement GetDownloadUrlForLayer: the config blob cannot be read there.
        ImagePlatforms platforms = verifier.platformsOf(null, baseline.repositoryName(), baseline.imageDigest());

        assertTrue(assertInstanceOf(ImagePlatforms.Undetermined.class, platforms).reason()
                .contains("GetDownloadUrlForLayer"), platforms.toString());
    }
}
