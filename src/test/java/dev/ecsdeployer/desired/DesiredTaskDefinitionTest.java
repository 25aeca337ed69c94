package dev.ecsdeployer.desired;

import dev.ecsdeployer.apply.EcsRequests;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RegisterTaskDefinition input built from the prod API example carries exactly the seed's values. */
public class DesiredTaskDefinitionTest {

    public static final ImageRef IMAGE = new ImageRef("123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/api",
            "sha256:" + "d".repeat(64), "latest");

    public static ServiceConfig prodApi() throws IOException {
        ConfigResult r = new ServiceConfigParser().parse(new ConfigLocation("ecs-deployer", "prod", "api"),
                Files.readString(Path.of("examples/api-prod.json")), null);
        assertTrue(r.valid(), r.errors().toString());
        return r.config();
    }

    @Test
    void theProdApiTaskDefinitionHasTheSeedsValues() throws IOException {
        DesiredState desired = new DesiredStateBuilder("us-east-1").build(prodApi(), IMAGE);
        RegisterTaskDefinitionRequest r = EcsRequests.registerTaskDefinition(desired.taskDefinition(), Map.of());

        assertEquals("myapp-prod-api", r.family());
        assertEquals("512", r.cpu());
        assertEquals("1024", r.memory());
        assertEquals("ARM64", r.runtimePlatform().cpuArchitectureAsString(), "Graviton on in prod");
        assertEquals("LINUX", r.runtimePlatform().operatingSystemFamilyAsString());
        assertEquals("awsvpc", r.networkModeAsString());
        assertEquals(List.of("FARGATE"), r.requiresCompatibilitiesAsStrings());
        assertEquals("arn:aws:iam::123456789012:role/myapp-prod-ecs-task-execution", r.executionRoleArn());
        assertEquals("arn:aws:iam::123456789012:role/myapp-prod-api-task", r.taskRoleArn());

        ContainerDefinition c = r.containerDefinitions().get(0);
        assertEquals(1, r.containerDefinitions().size());
        assertEquals("api", c.name());
        assertEquals(IMAGE.repositoryUri() + "@" + IMAGE.digest(), c.image(), "pinned by digest");
        assertTrue(c.essential());
        assertEquals(3001, c.portMappings().get(0).containerPort());
        assertEquals(3001, c.portMappings().get(0).hostPort(), "awsvpc: hostPort = containerPort");
        assertEquals("tcp", c.portMappings().get(0).protocolAsString());
        assertEquals(List.of("CMD-SHELL", "wget -q --spider http://localhost:3001/health || exit 1"),
                c.healthCheck().command());
        assertEquals(30, c.healthCheck().interval());
        assertEquals(5, c.healthCheck().timeout());
        assertEquals(3, c.healthCheck().retries());
        assertEquals(60, c.healthCheck().startPeriod());
        Map<String, String> env = c.environment().stream().collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
        assertEquals("prod", env.get("NODE_ENV"));
        assertEquals("3001", env.get("PORT"));
        Map<String, String> secrets = c.secrets().stream().collect(Collectors.toMap(Secret::name, Secret::valueFrom));
        assertEquals("arn:aws:secretsmanager:us-east-1:123456789012:secret:myapp-prod-db-credentials-AbCdEf:username::",
                secrets.get("DATABASE_USERNAME"), "<secret-arn>:<json-key>:<version-stage>:<version-id>");
        assertEquals("awslogs", c.logConfiguration().logDriverAsString());
        assertEquals(Map.of("awslogs-group", "/ecs/myapp-prod/api", "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "api"), c.logConfiguration().options());
        assertEquals(30, desired.logGroup().retentionDays());
    }

    @Test
    void theServiceRollsOutWithTheCircuitBreakerAndLeavesTheCountToScaling() throws IOException {
        ServiceSpec s = new DesiredStateBuilder("us-east-1").build(prodApi(), IMAGE).service();
        var update = EcsRequests.updateService(s, "arn:td");

        assertEquals(null, update.desiredCount(), "a scaling target owns the count");
        assertTrue(update.deploymentConfiguration().deploymentCircuitBreaker().enable());
        assertTrue(update.deploymentConfiguration().deploymentCircuitBreaker().rollback());
        assertEquals(200, update.deploymentConfiguration().maximumPercent());
        assertEquals(100, update.deploymentConfiguration().minimumHealthyPercent());
        assertEquals("DISABLED", update.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString(),
                "prod: private subnets, no public IP");
        assertEquals(3001, update.loadBalancers().get(0).containerPort());
    }
}
