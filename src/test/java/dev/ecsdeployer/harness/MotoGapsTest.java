package dev.ecsdeployer.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Pins the moto 5.2.1 gaps listed in MOTO-GAPS.md, and the AWS behaviour the harness's patch
 * ({@code src/test/resources/moto/}) gives moto where it bridges one. If moto changes, this fails
 * and the document (and the tests that work around the gaps) need another look.
 */
@ExtendWith(MotoExtension.class)
class MotoGapsTest {

    /** The form of an ECS deployment id on AWS. */
    static final Pattern AWS_DEPLOYMENT_ID = Pattern.compile("ecs-svc/\\d{19}");

    private static AwsClients aws;
    private static Baseline baseline;
    private static String taskDefinitionArn;

    @BeforeAll
    static void setUp() {
        aws = new AwsClients(AwsClientFactory.fromEnvironment());
        baseline = MotoBaseline.create(aws.factory(), "gaps");
        taskDefinitionArn = register("gaps-api", "256", "512");
    }

    @AfterAll
    static void tearDown() {
        aws.close();
    }

    @Test
    void createServiceDropsDeploymentSettingsExecuteCommandAndGracePeriod() {
        Service s = aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("dropped")
                .taskDefinition(taskDefinitionArn).desiredCount(1).launchType(LaunchType.FARGATE)
                .deploymentConfiguration(d -> d.maximumPercent(150).minimumHealthyPercent(50)
                        .deploymentCircuitBreaker(c -> c.enable(true).rollback(true)))
                .enableExecuteCommand(true).healthCheckGracePeriodSeconds(90)).service();
        Service described = describe("dropped");
        assertTrue(described.deploymentConfiguration() == null
                || described.deploymentConfiguration().deploymentCircuitBreaker() == null,
                "circuit breaker kept: " + described.deploymentConfiguration());
        assertTrue(described.enableExecuteCommand() == null || !described.enableExecuteCommand());
        assertTrue(described.healthCheckGracePeriodSeconds() == null || described.healthCheckGracePeriodSeconds() == 0,
                "grace period kept: " + described.healthCheckGracePeriodSeconds());
        assertEquals(s.serviceArn(), described.serviceArn());
    }

    @Test
    void updateServiceStoresTheSettingsCreateServiceDropped() {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("updated")
                .taskDefinition(taskDefinitionArn).desiredCount(1).launchType(LaunchType.FARGATE));
        aws.ecs().updateService(r -> r.cluster(baseline.clusterName()).service("updated")
                .deploymentConfiguration(d -> d.maximumPercent(150).minimumHealthyPercent(50)
                        .deploymentCircuitBreaker(c -> c.enable(true).rollback(true)))
                .enableExecuteCommand(true).healthCheckGracePeriodSeconds(90));
        Service described = describe("updated");
        assertEquals(150, described.deploymentConfiguration().maximumPercent());
        assertTrue(described.deploymentConfiguration().deploymentCircuitBreaker().rollback());
        assertTrue(described.enableExecuteCommand());
        assertEquals(90, described.healthCheckGracePeriodSeconds());
    }

    @Test
    void createServiceStartsOnePrimaryDeploymentOfTheFullArn() {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("created")
                .taskDefinition("gaps-api:1").desiredCount(1).launchType(LaunchType.FARGATE));
        Service described = describe("created");
        assertEquals(taskDefinitionArn, described.taskDefinition(), "CreateService resolves family:revision");
        assertEquals(1, described.deployments().size(), described.deployments().toString());
        Deployment primary = described.deployments().get(0);
        assertEquals("PRIMARY", primary.status());
        assertEquals(taskDefinitionArn, primary.taskDefinition());
        assertTrue(AWS_DEPLOYMENT_ID.matcher(primary.id()).matches(), primary.id());
        assertEquals("IN_PROGRESS", primary.rolloutStateAsString());
    }

    @Test
    void updateServiceAnswersTheFullTaskDefinitionArn() {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("literal")
                .taskDefinition("gaps-api:1").desiredCount(1).launchType(LaunchType.FARGATE));
        String second = register("gaps-api", "256", "512");
        Service updated = aws.ecs().updateService(r -> r.cluster(baseline.clusterName()).service("literal")
                .taskDefinition("gaps-api:" + second.substring(second.lastIndexOf(':') + 1))).service();
        assertEquals(second, updated.taskDefinition(), "moto alone answers the literal string passed");
        assertEquals(second, describe("literal").taskDefinition());
        assertEquals(second, primary(describe("literal")).taskDefinition());
    }

    @Test
    void aNewTaskDefinitionStartsANewPrimaryDeploymentAndThePreviousBecomesActive() {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("rollout")
                .taskDefinition(taskDefinitionArn).desiredCount(1).launchType(LaunchType.FARGATE));
        String first = primary(describe("rollout")).id();
        String second = register("gaps-api", "256", "512");

        Service updated = aws.ecs().updateService(r -> r.cluster(baseline.clusterName()).service("rollout")
                .taskDefinition(second)).service();

        Service described = describe("rollout");
        assertEquals(updated.deployments(), described.deployments());
        assertEquals(2, described.deployments().size(), described.deployments().toString());
        Deployment primary = primary(described);
        assertNotEquals(first, primary.id(), "moto alone keeps one deployment with the same id");
        assertTrue(AWS_DEPLOYMENT_ID.matcher(primary.id()).matches(), primary.id());
        assertEquals(second, primary.taskDefinition(), "moto alone leaves the old task definition PRIMARY");
        assertEquals("IN_PROGRESS", primary.rolloutStateAsString());
        Deployment active = described.deployments().stream().filter(d -> "ACTIVE".equals(d.status())).findFirst()
                .orElseThrow();
        assertEquals(first, active.id());
        assertEquals(taskDefinitionArn, active.taskDefinition());
    }

    @Test
    void forceNewDeploymentStartsANewDeploymentOfTheSameRevision() {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("forced")
                .taskDefinition(taskDefinitionArn).desiredCount(1).launchType(LaunchType.FARGATE));
        String first = primary(describe("forced")).id();

        aws.ecs().updateService(r -> r.cluster(baseline.clusterName()).service("forced").forceNewDeployment(true));

        Service described = describe("forced");
        assertNotEquals(first, primary(described).id());
        assertEquals(taskDefinitionArn, primary(described).taskDefinition());
        assertEquals(List.of("PRIMARY", "ACTIVE"), described.deployments().stream().map(Deployment::status).toList());
    }

    @Test
    void anUpdateThatReplacesNoTaskStartsNoDeployment() {
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("scaled")
                .taskDefinition(taskDefinitionArn).desiredCount(1).launchType(LaunchType.FARGATE));
        String first = primary(describe("scaled")).id();

        aws.ecs().updateService(r -> r.cluster(baseline.clusterName()).service("scaled").taskDefinition(taskDefinitionArn)
                .desiredCount(3).deploymentConfiguration(d -> d.maximumPercent(150)));

        Service described = describe("scaled");
        assertEquals(List.of(first), described.deployments().stream().map(Deployment::id).toList());
        assertEquals(3, primary(described).desiredCount());
    }

    @Test
    void nothingAwsWouldRejectIsRejected() {
        register("gaps-invalid", "300", "100"); // not a Fargate cpu/memory pair
        aws.logs().createLogGroup(r -> r.logGroupName("/gaps/retention"));
        aws.logs().putRetentionPolicy(r -> r.logGroupName("/gaps/retention").retentionInDays(8)); // not an allowed value
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("twice")
                .taskDefinition(taskDefinitionArn).desiredCount(1));
        aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName("twice")
                .taskDefinition(taskDefinitionArn).desiredCount(1)); // AWS: InvalidParameterException
        assertEquals(8, aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/gaps/retention"))
                .logGroups().get(0).retentionInDays());
    }

    @Test
    void describeLogGroupsByNameAnswersOnlyThoseLogGroupsAsOnAws() {
        for (int i = 0; i < 60; i++) {
            int n = i;
            aws.logs().createLogGroup(r -> r.logGroupName("/gaps/named/group-" + n));
        }
        String arn = "arn:aws:logs:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":log-group:/gaps/named/group-7:*";

        var answer = aws.logs().describeLogGroups(r -> r.logGroupIdentifiers("/gaps/named/group-42", arn,
                "/gaps/named/no-such-group"));

        assertEquals(List.of("/gaps/named/group-42", "/gaps/named/group-7"),
                answer.logGroups().stream().map(g -> g.logGroupName()).toList());
        assertTrue(answer.nextToken() == null, "one answer, no further page");
        List<String> tooMany = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "/gaps/named/group-" + i).toList();
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException.class,
                () -> aws.logs().describeLogGroups(r -> r.logGroupIdentifiers(tooMany)));
        assertTrue(refused.getMessage().contains("logGroupIdentifiers"), refused.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException.class,
                () -> aws.logs().describeLogGroups(r -> r.logGroupIdentifiers("/gaps/named/group-1")
                        .logGroupNamePrefix("/gaps/")));
    }

    @Test
    void describeScalingPoliciesOfOneServiceAnswersThatServiceOnlyAsOnAws() {
        for (String service : List.of("scaled", "scaled-2")) {
            aws.ecs().createService(r -> r.cluster(baseline.clusterName()).serviceName(service)
                    .taskDefinition(taskDefinitionArn).desiredCount(1).launchType(LaunchType.FARGATE));
            String resource = "service/" + baseline.clusterName() + "/" + service;
            aws.autoScaling().registerScalableTarget(r -> r.serviceNamespace("ecs").resourceId(resource)
                    .scalableDimension("ecs:service:DesiredCount").minCapacity(1).maxCapacity(4));
            for (String policy : List.of("cpu", "memory")) {
                aws.autoScaling().putScalingPolicy(r -> r.policyName(service + "-" + policy).serviceNamespace("ecs")
                        .resourceId(resource).scalableDimension("ecs:service:DesiredCount")
                        .policyType("TargetTrackingScaling")
                        .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(60.0)
                                .predefinedMetricSpecification(m -> m.predefinedMetricType("ECSServiceAverageCPUUtilization"))));
            }
        }
        String resource = "service/" + baseline.clusterName() + "/scaled";
        aws.autoScaling().deleteScalingPolicy(r -> r.policyName("scaled-memory").serviceNamespace("ecs")
                .resourceId(resource).scalableDimension("ecs:service:DesiredCount"));

        // moto answered every policy whose resource id is part of the one asked for: "scaled" for "scaled-2".
        assertEquals(List.of("scaled-2-cpu", "scaled-2-memory"), policyNames(resource + "-2"));
        assertEquals(List.of("scaled-cpu"), policyNames(resource));
    }

    @Test
    void describeAlarmsPagesByMaxRecordsAsOnAws() {
        for (int i = 0; i < 130; i++) {
            String name = String.format("gaps/paged/alarm-%03d", i);
            aws.cloudWatch().putMetricAlarm(r -> r.alarmName(name).metricName("CPUUtilization").namespace("AWS/ECS")
                    .statistic("Average").period(60).evaluationPeriods(1).threshold(80.0)
                    .comparisonOperator("GreaterThanThreshold"));
        }

        var first = aws.cloudWatch().describeAlarms(r -> r.alarmNamePrefix("gaps/paged/").maxRecords(100));
        var second = aws.cloudWatch().describeAlarms(r -> r.alarmNamePrefix("gaps/paged/").maxRecords(100)
                .nextToken(first.nextToken()));

        assertEquals(100, first.metricAlarms().size());
        assertTrue(first.nextToken() != null && !first.nextToken().isEmpty(), "a token for the rest");
        assertEquals(30, second.metricAlarms().size());
        assertTrue(second.nextToken() == null || second.nextToken().isEmpty(), "no page after the last");
        var all = new java.util.TreeSet<String>();
        first.metricAlarms().forEach(a -> all.add(a.alarmName()));
        second.metricAlarms().forEach(a -> all.add(a.alarmName()));
        assertEquals(130, all.size(), "every alarm once");
    }

    private static List<String> policyNames(String resourceId) {
        return aws.autoScaling().describeScalingPolicies(r -> r.serviceNamespace("ecs").resourceId(resourceId)
                .scalableDimension("ecs:service:DesiredCount")).scalingPolicies().stream()
                .map(p -> p.policyName()).toList();
    }

    private static Deployment primary(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElseThrow();
    }

    private static Service describe(String service) {
        return aws.ecs().describeServices(r -> r.cluster(baseline.clusterName()).services(service)).services().get(0);
    }

    private static String register(String family, String cpu, String memory) {
        return aws.ecs().registerTaskDefinition(r -> r.family(family).requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC).cpu(cpu).memory(memory)
                .containerDefinitions(c -> c.name("api").image(baseline.imageUri()))).taskDefinition().taskDefinitionArn();
    }
}
