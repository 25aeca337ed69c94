package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ECS's lifecycle hook call (no EventBridge envelope) is read as a trigger; a malformed one is rejected clearly. */
class LifecycleHookParseTest {

    final TriggerParser parser = new TriggerParser(Optional.empty());

    static ObjectNode sample() throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(Files.readString(Path.of("events", "ecs-lifecycle-hook.json")));
    }

    @Test
    void theSampleNamesServiceRevisionAndWeights() throws IOException {
        Trigger.LifecycleHook hook = (Trigger.LifecycleHook) parser.parse(sample());

        assertEquals("lifecycle-hook", hook.name());
        assertEquals("myapp-prod", hook.cluster());
        assertEquals("myapp-prod-api", hook.service());
        assertTrue(hook.targetServiceRevisionArn().endsWith("/4980306466373577095"));
        assertEquals(Map.of(hook.targetServiceRevisionArn(), 10.0,
                "arn:aws:ecs:us-east-1:123456789012:service-revision/myapp-prod/myapp-prod-api/1012749553813476611",
                90.0), hook.productionTrafficWeights());
        assertEquals(Map.of(), hook.testTrafficWeights());
    }

    @Test
    void aServiceArnThatIsNoServiceIsRejected() throws IOException {
        ObjectNode call = sample().put("serviceArn", "arn:aws:ecs:us-east-1:123456789012:cluster/myapp-prod");

        String message = assertThrows(InvalidEventException.class, () -> parser.parse(call)).getMessage();

        assertEquals("ECS lifecycle hook: serviceArn 'arn:aws:ecs:us-east-1:123456789012:cluster/myapp-prod' is not"
                + " arn:aws:ecs:<region>:<account>:service/<cluster>/<service>", message);
    }

    @Test
    void weightsMustBePercentsByRevision() throws IOException {
        ObjectNode call = sample();
        call.putObject("productionTrafficWeights").put("blue", "90");

        String message = assertThrows(InvalidEventException.class, () -> parser.parse(call)).getMessage();

        assertEquals("ECS lifecycle hook: productionTrafficWeights must map service revision ARNs to percents;"
                + " 'blue' is not one", message);
    }
}
