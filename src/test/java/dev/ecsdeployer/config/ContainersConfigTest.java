package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.SpecHash;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The several-containers form beside the single-container one: defaults, the registry rule, unchanged fingerprints. */
class ContainersConfigTest {

    static final ImageRef IMAGE = new ImageRef("123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/app",
            "sha256:" + "d".repeat(64), "latest");

    private final ServiceConfigParser parser = new ServiceConfigParser();

    ServiceConfig parse(Documents d, String defaults) {
        ConfigResult result = parser.parse(d.location(), d.json(), defaults);
        assertEquals(List.of(), result.errors());
        return result.config();
    }

    @Test
    void aSingleContainerSpecKeepsItsFingerprintAndItsJson() throws Exception {
        ServiceConfig api = parse(Documents.example("api-prod"), null);
        TaskDefinitionSpec spec = new DesiredStateBuilder("us-east-1").build(api, IMAGE).taskDefinition();

        var json = new ObjectMapper().valueToTree(spec);

        List<String> top = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(top::add);
        List<String> container = new java.util.ArrayList<>();
        json.get("container").fieldNames().forEachRemaining(container::add);
        List<String> port = new java.util.ArrayList<>();
        json.get("container").get("portMappings").get(0).fieldNames().forEachRemaining(port::add);
        assertEquals(List.of("family", "cpu", "memory", "cpuArchitecture", "operatingSystemFamily", "networkMode",
                "requiresCompatibilities", "executionRoleArn", "taskRoleArn", "container"), top);
        assertEquals(List.of("name", "image", "essential", "portMappings", "environment", "secrets", "healthCheck",
                "stopTimeout", "logConfiguration"), container);
        assertEquals(List.of("containerPort", "hostPort", "protocol"), port);
        // The fingerprint recorded on services deployed before the several-containers form.
        assertEquals(SpecHash.of(new TaskDefinitionSpec(spec.family(), spec.cpu(), spec.memory(),
                spec.cpuArchitecture(), spec.operatingSystemFamily(), spec.networkMode(),
                spec.requiresCompatibilities(), spec.executionRoleArn(), spec.taskRoleArn(), spec.container())),
                SpecHash.of(spec));
    }

    @Test
    void theFollowingContainerGetsThePushedImageAndTheSidecarKeepsItsPin() {
        ServiceConfig app = parse(Documents.example("app-prod"), null);
        TaskDefinitionSpec spec = new DesiredStateBuilder("us-east-1").build(app, IMAGE).taskDefinition();

        assertEquals("app", spec.container().name());
        assertEquals(IMAGE.image(), spec.container().image());
        assertEquals(List.of("log-router"), List.copyOf(spec.sidecars().keySet()));
        assertTrue(spec.sidecars().get("log-router").image().contains("/aws-for-fluent-bit@sha256:"));
        assertEquals(Map.of("log-router", "START"), spec.container().dependsOn());
        assertEquals("app", app.taskDefinition().followingContainerName());
        assertEquals(8080, app.taskDefinition().followingContainerPort());
        assertEquals(List.of("taskDefinition.containers[0].secrets.DATABASE_PASSWORD"),
                List.copyOf(app.taskDefinition().allSecrets().keySet()));
    }

    @Test
    void onlyDefaultsMayAllowSidecarRegistries() {
        Documents withPublic = Documents.example("app-prod").set("/taskDefinition/containers/1/image",
                "\"public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:" + "a".repeat(64) + "\"");

        ServiceConfig allowed = parse(withPublic, "{\"image\": {\"sidecarRegistries\": [\"public.ecr.aws\"]}}");
        assertEquals(List.of("public.ecr.aws"), allowed.image().sidecarRegistries());

        Documents selfAllowed = withPublic.set("/image/sidecarRegistries", "[\"public.ecr.aws\"]");
        List<String> errors = parser.parse(selfAllowed.location(), selfAllowed.json(), null).errors().stream()
                .map(ConfigError::describe).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("image.sidecarRegistries: [\"public.ecr.aws\"] may be set only in the"
                + " environment's defaults document /ecs-deployer/prod/_defaults"), errors.toString());
        assertTrue(errors.get(1).contains("comes from registry public.ecr.aws"), errors.toString());
    }
}
