package dev.ecsdeployer.plan;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.EcsNormalisation;
import dev.ecsdeployer.actual.ActualState.LogGroupState;
import dev.ecsdeployer.actual.ScalingState;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.DesiredTaskDefinitionTest;
import dev.ecsdeployer.apply.EcsRequests;
import dev.ecsdeployer.desired.ImageRef;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure planning: what ECS fills in is no difference; what the config changes is, with its path. */
class PlannerTest {

    static final ImageRef IMAGE = DesiredTaskDefinitionTest.IMAGE;

    /** A task definition as DescribeTaskDefinition returns it after registering the desired one. */
    static TaskDefinition asEcsStoresIt(RegisterTaskDefinitionRequest r) {
        ContainerDefinition c = r.containerDefinitions().get(0);
        List<software.amazon.awssdk.services.ecs.model.KeyValuePair> env = new ArrayList<>(c.environment());
        Collections.reverse(env); // ECS does not keep order
        ContainerDefinition stored = c.toBuilder()
                .essential(null)                                              // omitted → true
                .portMappings(PortMapping.builder().containerPort(3001).build()) // hostPort, protocol filled
                .environment(env)
                .cpu(0)
                .build();
        return TaskDefinition.builder()
                .taskDefinitionArn("arn:aws:ecs:us-east-1:123456789012:task-definition/myapp-prod-api:7")
                .revision(7).status("ACTIVE").family(r.family()).cpu("0.5 vCPU").memory("1 GB")
                .networkMode(r.networkMode()).requiresCompatibilitiesWithStrings(r.requiresCompatibilitiesAsStrings())
                .compatibilitiesWithStrings("EC2", "FARGATE").runtimePlatform(r.runtimePlatform())
                .executionRoleArn(r.executionRoleArn()).taskRoleArn(r.taskRoleArn())
                .containerDefinitions(stored).build();
    }

    @Test
    void aTaskDefinitionAsEcsStoresItShowsNoDifference() throws IOException {
        DesiredState desired = new DesiredStateBuilder("us-east-1").build(DesiredTaskDefinitionTest.prodApi(), IMAGE);
        TaskDefinition described = asEcsStoresIt(EcsRequests.registerTaskDefinition(desired.taskDefinition(), Map.of()));

        assertEquals(desired.taskDefinition(), EcsNormalisation.taskDefinition(described, "api"));
    }

    @Test
    void anotherImageAndRetentionAreChangesWithTheirPaths() throws IOException {
        DesiredState desired = new DesiredStateBuilder("us-east-1").build(DesiredTaskDefinitionTest.prodApi(), IMAGE);
        ImageRef older = new ImageRef(IMAGE.repositoryUri(), "sha256:" + "e".repeat(64), null);
        DesiredState running = new DesiredStateBuilder("us-east-1").build(DesiredTaskDefinitionTest.prodApi(), older);
        ActualState actual = new ActualState(new LogGroupState("/ecs/myapp-prod/api", 7, "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/myapp-prod/api", true), null,
                running.taskDefinition(), null, ScalingState.NONE, false);

        Plan plan = Planner.plan(desired, actual);

        assertEquals(List.of("UPDATE LOG_GROUP /ecs/myapp-prod/api", "REGISTER TASK_DEFINITION myapp-prod-api",
                        "CREATE SERVICE myapp-prod-api", "CREATE SCALABLE_TARGET service/myapp-prod/myapp-prod-api",
                        "CREATE SCALING_POLICY ecs-deployer-cpu", "CREATE SCALING_POLICY ecs-deployer-memory",
                        "CREATE SCALING_POLICY ecs-deployer-requests"),
                plan.changes().stream().map(Change::toString).toList(), "dependency order");
        assertEquals(new Difference("logGroup.retentionDays", "30", "7"),
                plan.change(Change.Resource.LOG_GROUP).orElseThrow().differences().get(0));
        assertEquals(List.of(new Difference("taskDefinition.container.image", IMAGE.image(), older.image())),
                plan.change(Change.Resource.TASK_DEFINITION).orElseThrow().differences());
    }

    @Test
    void trustedSettingsAreNotCompared() throws IOException {
        DesiredState desired = new DesiredStateBuilder("us-east-1").build(DesiredTaskDefinitionTest.prodApi(), IMAGE);
        ActualState actual = new ActualState(null, null, desired.taskDefinition(), null, ScalingState.NONE,
                true);

        Plan plan = Planner.plan(desired, actual);

        assertTrue(plan.changes().stream().noneMatch(c -> c.resource() == Change.Resource.LOG_GROUP
                || c.resource() == Change.Resource.SCALING_POLICY), plan.changes().toString());
    }
}
