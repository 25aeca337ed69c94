package dev.ecsdeployer.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.harness.MotoServer;
import dev.ecsdeployer.verify.TestManifests;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shared moto fixture of the handler tests: a fresh moto with the seed's prod API service's
 * surroundings (baseline), its config in SSM, the events the deployer publishes captured, and
 * what the tests ask of the service afterwards.
 */
public final class ApiService {

    public static final String SERVICE = "myapp-prod-api";

    public final AwsClientFactory aws;
    public final EcsClient ecs;
    public final Baseline baseline;
    public final PublishedEvents published;
    /** The environment of its config ({@code prod}, or the test's own). */
    public final String environment;

    private ApiService(AwsClientFactory aws, Baseline baseline, PublishedEvents published, String environment) {
        this.aws = aws;
        this.ecs = aws.ecs();
        this.baseline = baseline;
        this.published = published;
        this.environment = environment;
    }

    /** moto reset, the baseline, {@code /ecs-deployer/prod/api} from {@code examples/api-prod.json}, no faults. */
    public static ApiService onFreshMoto() {
        MotoServer.start().reset();
        AwsClientFactory aws = AwsClientFactory.fromEnvironment();
        Baseline baseline = MotoBaseline.create(aws, "api");
        ApiService api = new ApiService(aws, baseline, PublishedEvents.capture(aws), "prod");
        api.putConfig(api.config());
        FaultInjector.reset();
        return api;
    }

    /**
     * The same service without a moto reset: in its own environment {@code environment} (so its own
     * ECS service name, task definition family and log group), its own cluster and ECR repository,
     * around the network and roles of {@code shared}, which a test class builds once. The configs of
     * earlier tests are deleted (the deployer reads an environment's configs with paged calls that
     * tests count); the events published before are not captured.
     */
    public static ApiService alongside(Baseline shared, String environment) {
        AwsClientFactory aws = AwsClientFactory.fromEnvironment();
        ExampleConfigs.deleteAll(aws.ssm());
        Baseline baseline = MotoBaseline.alongside(aws, shared, environment + "-api");
        ApiService api = new ApiService(aws, baseline, PublishedEvents.captureFromNow(aws), environment);
        api.putConfig(api.config());
        FaultInjector.reset();
        return api;
    }

    /** The ECS service's name: {@code myapp-<environment>-api}. */
    public String serviceName() {
        return "myapp-" + environment + "-api";
    }

    /** The example config adjusted to the baseline and the environment (a copy to change and put back). */
    public ObjectNode config() {
        return ExampleConfigs.forBaseline("api-prod.json", baseline).put("environment", environment);
    }

    public void putConfig(ObjectNode config) {
        ExampleConfigs.put(aws.ssm(), environment, "api", config);
    }

    /** Another image in the followed repository (moto keys images by manifest: give each its own platforms). */
    public void putImage(String tag, String digest, String... platforms) {
        aws.ecr().putImage(b -> b.repositoryName(baseline.repositoryName()).imageTag(tag).imageDigest(digest)
                .imageManifest(TestManifests.index(platforms)));
    }

    /** An ECR push event of the followed repository and tag {@code latest}. */
    public ObjectNode push(String digest, String time) {
        return LambdaInvoker.push(baseline.repositoryName(), digest, "latest", time);
    }

    /** An ECS deployment state change sample for this service and a deployment id. */
    public ObjectNode deploymentEvent(String sample, String deploymentId) {
        ObjectNode event = (ObjectNode) LambdaInvoker.sample(sample);
        event.putArray("resources").add("arn:aws:ecs:us-east-1:123456789012:service/" + baseline.clusterName() + "/"
                + serviceName());
        ((ObjectNode) event.get("detail")).put("deploymentId", deploymentId);
        return event;
    }

    public Service service() {
        return ecs.describeServices(b -> b.cluster(baseline.clusterName()).services(serviceName()).include(ServiceField.TAGS))
                .services().get(0);
    }

    public Map<String, String> tags() {
        return service().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /** The image of the revision the service runs. */
    public String runningImage() {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(service().taskDefinition())).taskDefinition()
                .containerDefinitions().get(0).image();
    }
}
