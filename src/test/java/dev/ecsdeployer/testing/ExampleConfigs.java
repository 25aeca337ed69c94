package dev.ecsdeployer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.Baseline;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example configs of {@code examples/}, pointed at what {@link dev.ecsdeployer.harness.MotoBaseline}
 * created (repository, cluster, subnets, security group, roles, load balancer), and stored in SSM
 * where the deployer reads them.
 */
public final class ExampleConfigs {

    public static final String PREFIX = "ecs-deployer";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExampleConfigs() {
    }

    public static ObjectNode load(String example) {
        try {
            return (ObjectNode) MAPPER.readTree(Files.readString(Path.of("examples", example)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example, its AWS ids replaced by the baseline's; without a load balancer when the baseline has none. */
    public static ObjectNode forBaseline(String example, Baseline b) {
        ObjectNode doc = load(example);
        ((ObjectNode) doc.get("image")).put("repository", b.repositoryName());
        ObjectNode td = (ObjectNode) doc.get("taskDefinition");
        td.put("executionRoleArn", b.executionRoleArn());
        td.put("taskRoleArn", b.taskRoleArn());
        ObjectNode service = (ObjectNode) doc.get("service");
        service.put("cluster", b.clusterName());
        ArrayNode subnets = service.putArray("subnets");
        (service.path("assignPublicIp").asBoolean(false) ? b.publicSubnetIds() : b.privateSubnetIds())
                .forEach(subnets::add);
        service.putArray("securityGroups").add(b.securityGroupId());
        if (b.loadBalancer().isPresent()) {
            ObjectNode lb = service.putObject("loadBalancer");
            lb.put("targetGroupArn", b.loadBalancer().get().targetGroupArn());
            lb.put("loadBalancerArn", b.loadBalancer().get().loadBalancerArn());
        } else {
            service.remove("loadBalancer");
            if (doc.get("scaling") instanceof ObjectNode scaling) {
                scaling.remove("requestCount");
            }
        }
        return doc;
    }

    /**
     * Points the config's secrets at a secret created on the emulator, so that {@code verify} finds them,
     * granted to the config's service (tag ecs-deployer:services=<environment>/<service>).
     */
    public static ObjectNode withRealSecrets(ObjectNode doc, SecretsManagerClient secrets) {
        return withRealSecrets(doc, secrets, doc.path("environment").asText() + "/" + doc.path("name").asText());
    }

    /** The same, granted as {@code grant} says ({@code *}: to every service, for a config copied to many). */
    public static ObjectNode withRealSecrets(ObjectNode doc, SecretsManagerClient secrets, String grant) {
        String arn = secrets.createSecret(b -> b.name("db-credentials-" + doc.path("name").asText())
                .secretString("{\"username\":\"u\",\"password\":\"p\"}")
                .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
                        .key("ecs-deployer:services").value(grant).build())).arn();
        ObjectNode map = (ObjectNode) doc.get("taskDefinition").get("secrets");
        if (map != null) {
            java.util.List<String> names = new java.util.ArrayList<>();
            map.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> map.put(n, arn + ":" + n.toLowerCase().replace("database_", "") + "::"));
        }
        return doc;
    }

    /** Deletes every config under {@code /ecs-deployer/}: what a moto reset would, for SSM only. */
    public static void deleteAll(SsmClient ssm) {
        java.util.List<String> names = ssm.getParametersByPathPaginator(b -> b.path("/" + PREFIX).recursive(true))
                .stream().flatMap(page -> page.parameters().stream())
                .map(software.amazon.awssdk.services.ssm.model.Parameter::name).toList();
        for (int i = 0; i < names.size(); i += 10) {
            java.util.List<String> batch = names.subList(i, Math.min(i + 10, names.size()));
            ssm.deleteParameters(b -> b.names(batch));
        }
    }

    public static void put(SsmClient ssm, String environment, String service, JsonNode doc) {
        ssm.putParameter(b -> b.name("/" + PREFIX + "/" + environment + "/" + service).type(ParameterType.STRING)
                .value(doc.toString()).overwrite(true));
    }
}
