package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ECS Task State Change}: only the deployer's stopped pre-deploy tasks ask for anything. */
class TaskStateChangeParsingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TriggerParser parser = new TriggerParser(Optional.empty());

    static ObjectNode sample() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("events", "ecs-task-stopped-pre-deploy.json")));
    }

    @Test
    void theSampleIsAStoppedPreDeployTaskWithItsContainersExit() throws IOException {
        Trigger.TaskStopped stopped = assertInstanceOf(Trigger.TaskStopped.class, parser.parse(sample()));

        assertEquals("myapp-prod", stopped.cluster());
        assertEquals("myapp-prod-api", stopped.family());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/myapp-prod/7d2b1c1e5a6f4d3e9b8a7c6d5e4f3a2b",
                stopped.taskArn());
        assertEquals("EssentialContainerExited", stopped.stopCode());
        assertEquals(List.of(new Trigger.ContainerExit("api", 0, null)), stopped.containers());
        assertEquals("task-stopped", stopped.name());
    }

    @Test
    void aContainerThatNeverRanHasNoExitCode() throws IOException {
        ObjectNode event = sample();
        ObjectNode container = (ObjectNode) event.path("detail").path("containers").get(0);
        container.remove("exitCode");
        container.put("reason", "CannotPullContainerError: not found");

        Trigger.TaskStopped stopped = assertInstanceOf(Trigger.TaskStopped.class, parser.parse(event));

        assertEquals(List.of(new Trigger.ContainerExit("api", null, "CannotPullContainerError: not found")),
                stopped.containers());
    }

    @Test
    void otherTasksAndRunningOnesAreIgnored() throws IOException {
        ObjectNode service = sample();
        ((ObjectNode) service.get("detail")).put("startedBy", "ecs-svc/1234567890123456789");
        Trigger.Ignored ignored = assertInstanceOf(Trigger.Ignored.class, parser.parse(service));
        assertTrue(ignored.reason().contains("not started by the deployer's pre-deploy"), ignored.reason());

        ObjectNode running = sample();
        ((ObjectNode) running.get("detail")).put("lastStatus", "RUNNING");
        ignored = assertInstanceOf(Trigger.Ignored.class, parser.parse(running));
        assertTrue(ignored.reason().contains("is 'RUNNING'"), ignored.reason());
    }

    @Test
    void aClusterOrTaskDefinitionThatIsNoArnIsRejected() throws IOException {
        ObjectNode cluster = sample();
        ((ObjectNode) cluster.get("detail")).put("clusterArn", "myapp prod");
        String message = assertThrows(InvalidEventException.class, () -> parser.parse(cluster)).getMessage();
        assertTrue(message.startsWith("ECS Task State Change: clusterArn 'myapp prod' is not a cluster ARN"), message);

        ObjectNode family = sample();
        ((ObjectNode) family.get("detail")).put("taskDefinitionArn", "migrate");
        message = assertThrows(InvalidEventException.class, () -> parser.parse(family)).getMessage();
        assertTrue(message.contains("taskDefinitionArn 'migrate' is not"), message);

        ObjectNode noTask = sample();
        ((ObjectNode) noTask.get("detail")).remove("taskArn");
        message = assertThrows(InvalidEventException.class, () -> parser.parse(noTask)).getMessage();
        assertEquals("ECS Task State Change: field 'taskArn' is missing or not a string", message);
    }
}
