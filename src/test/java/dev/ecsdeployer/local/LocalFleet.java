package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.Baseline;
import dev.ecsdeployer.harness.MotoBaseline;
import dev.ecsdeployer.testing.ExampleConfigs;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the example configs need around them on the local endpoint, and the configs themselves: the
 * prod services of {@code examples/} ({@code api-prod.json}, {@code realtime-prod.json}) pointed at one
 * baseline (network, cluster, roles, ALB), each following its own ECR repository as in the example
 * ({@code myapp/api}, {@code myapp/realtime}) holding one image tagged {@code latest}.
 *
 * @param services service name (as in its config) to what a push needs for it
 */
public record LocalFleet(Baseline baseline, Map<String, Service> services) {

    public static final String ENVIRONMENT = "prod";

    /** One service: its repository, the digest of the image in it, and its ECS service name. */
    public record Service(String name, String repository, String digest, String ecsServiceName, ObjectNode config) {
    }

    /** Creates everything and stores the configs under {@code /ecs-deployer/prod/}. */
    public static LocalFleet create(AwsClientFactory aws, String baselineName) {
        Baseline baseline = MotoBaseline.createWithLoadBalancer(aws, baselineName, 3001);
        Map<String, Service> services = new LinkedHashMap<>();
        try (EcrClient ecr = aws.ecr(); SsmClient ssm = aws.ssm();
                ElasticLoadBalancingV2Client elb = aws.build(ElasticLoadBalancingV2Client.builder());
                SecretsManagerClient secrets = aws.build(SecretsManagerClient.builder())) {
            // The shared task role, granted to the two services that use it (the baseline grants it to every one).
            try (var iam = aws.iam()) {
                iam.tagRole(r -> r.roleName(baselineName + "-task").tags(software.amazon.awssdk.services.iam.model.Tag
                        .builder().key("ecs-deployer:services").value(ENVIRONMENT + "/api " + ENVIRONMENT + "/realtime")
                        .build()));
            }
            ObjectNode api = withSecret(ExampleConfigs.forBaseline("api-prod.json", baseline), secrets, baselineName);
            services.put("api", service(ecr, ssm, "api", api));

            ObjectNode realtime = ExampleConfigs.forBaseline("realtime-prod.json", baseline);
            // Each ECS service gets its own target group, as in the seed.
            String tg = elb.createTargetGroup(r -> r.name(baselineName + "-rt").targetType(TargetTypeEnum.IP)
                    .protocol(ProtocolEnum.HTTP).port(3002).vpcId(baseline.vpcId()).healthCheckPath("/health"))
                    .targetGroups().get(0).targetGroupArn();
            ((ObjectNode) realtime.path("service").path("loadBalancer")).put("targetGroupArn", tg);
            services.put("realtime", service(ecr, ssm, "realtime", realtime));
        }
        return new LocalFleet(baseline, Collections.unmodifiableMap(services));
    }

    /**
     * The example's secrets point at a database secret in Secrets Manager; the deployer checks it
     * exists before it deploys (ECS could not start the tasks otherwise), so create one and use its ARN.
     */
    private static ObjectNode withSecret(ObjectNode config, SecretsManagerClient secrets, String baselineName) {
        JsonNode map = config.path("taskDefinition").path("secrets");
        if (!map.isObject() || map.isEmpty()) {
            return config;
        }
        // Its owner grants it to this one service (the deployer refuses a secret nobody granted).
        String arn = secrets.createSecret(b -> b.name(baselineName + "/" + config.path("name").asText() + "-db-credentials")
                .secretString("{\"username\":\"app\",\"password\":\"local-run\"}")
                .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ecs-deployer:services")
                        .value(ENVIRONMENT + "/" + config.path("name").asText()).build())).arn();
        List<String> names = new ArrayList<>();
        map.fieldNames().forEachRemaining(names::add);
        // Keep each entry's JSON key (…:secret:<name>:<jsonKey>:<versionStage>:<versionId>).
        names.forEach(n -> ((ObjectNode) map).put(n, arn + ":" + map.path(n).asText().split(":")[7] + "::"));
        return config;
    }

    private static Service service(EcrClient ecr, SsmClient ssm, String name, ObjectNode config) {
        String repository = ExampleConfigs.load(name + "-prod.json").path("image").path("repository").asText();
        // forBaseline points the image at the baseline's repository; keep the example's own.
        ((ObjectNode) config.get("image")).put("repository", repository);
        String digest = pushImage(ecr, repository, config.path("image").path("tag").asText());
        ExampleConfigs.put(ssm, ENVIRONMENT, name, config);
        String ecsName = config.path("project").asText() + "-" + ENVIRONMENT + "-" + name;
        return new Service(name, repository, digest, ecsName, config);
    }

    /** Puts one image (a minimal manifest unique to the repository) and returns its digest. */
    private static String pushImage(EcrClient ecr, String repository, String tag) {
        try {
            ecr.createRepository(r -> r.repositoryName(repository));
        } catch (RepositoryAlreadyExistsException e) {
            // A shared endpoint from an earlier run: reuse it.
        }
        return putImage(ecr, repository, tag, "1");
    }

    /**
     * Puts a new image under {@code tag} (the tag moves to it, as when CI pushes a release) and returns
     * its digest. {@code release} makes the manifest, hence the digest, differ per release.
     */
    public static String putImage(EcrClient ecr, String repository, String tag, String release) {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1024,"
                + "\"digest\":\"" + sha256("config-" + repository + "-" + release) + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":2048,\"digest\":\""
                + sha256("layer-" + repository + "-" + release) + "\"}]}";
        String digest = sha256(manifest);
        try {
            // moto derives digests from layers, not the manifest: pass the one AWS would compute.
            ecr.putImage(r -> r.repositoryName(repository).imageManifest(manifest).imageTag(tag).imageDigest(digest));
        } catch (ImageAlreadyExistsException e) {
            // Same image, same tag: already there.
        }
        return digest;
    }

    static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ECR push event of {@code events/ecr-push.json}, for this service's repository and first image. */
    public static ObjectNode push(ObjectNode sample, Service s) {
        return push(sample, s, s.digest(), null);
    }

    /** The same for another image of the repository, pushed at {@code time} (null: the sample's). */
    public static ObjectNode push(ObjectNode sample, Service s, String digest, java.time.Instant time) {
        ObjectNode event = sample.deepCopy();
        if (time != null) {
            event.put("time", time.toString());
        }
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("repository-name", s.repository());
        detail.put("image-digest", digest);
        detail.put("image-tag", s.config().path("image").path("tag").asText());
        return event;
    }

    /**
     * An ECS deployment state change sample, for this service's cluster and the given deployment (null:
     * the sample's own, e.g. the earlier deployment a rollback returns to).
     */
    public ObjectNode deploymentEvent(ObjectNode sample, Service s, String deploymentId) {
        ObjectNode event = sample.deepCopy();
        event.putArray("resources").add("arn:aws:ecs:" + LocalAws.REGION + ":123456789012:service/"
                + baseline.clusterName() + "/" + s.ecsServiceName());
        if (deploymentId == null) {
            return event;
        }
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("deploymentId", deploymentId);
        detail.put("reason", detail.path("reason").asText().replaceAll("ecs-svc/\\d+", deploymentId));
        return event;
    }
}
