package dev.ecsdeployer.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.harness.MotoTestResource;
import dev.ecsdeployer.testing.ApiService;
import dev.ecsdeployer.testing.LambdaInvoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ServiceRegistry;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Service discovery through the handler on moto: the Cloud Map registry is set on create, a drift check
 * right after finds nothing, a registry taken off by hand is found, and dropping it from the config takes
 * it off the service.
 */
@QuarkusTest
@QuarkusTestResource(MotoTestResource.class)
class ServiceDiscoveryTest {

    static final String REGISTRY = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0a1b2c3d4e5f6071";
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String DIGEST_C = "sha256:" + "c".repeat(64);
    static final String DRIFT_CHECK = "{\"command\":\"drift-check\",\"environment\":\"prod\"}";

    @Test
    void theRegistryIsAppliedDriftCheckedAndRemovedWithTheConfig() {
        ApiService api = ApiService.onFreshMoto();
        ObjectNode config = api.config();
        ((ObjectNode) config.get("service")).putArray("serviceRegistries").addObject()
                .put("registryArn", REGISTRY).put("containerName", "api").put("containerPort", 3001);
        api.putConfig(config);

        JsonNode created = LambdaInvoker.invoke(api.push(api.baseline.imageDigest(), "2026-01-01T00:00:00Z"))
                .path("services").get(0);
        assertEquals("APPLIED", created.path("status").asText(), created.toString());
        assertEquals(List.of(ServiceRegistry.builder().registryArn(REGISTRY).containerName("api").containerPort(3001)
                .build()), api.service().serviceRegistries());
        // A new image: an update, which on moto also stores what its CreateService dropped (MOTO-GAPS.md).
        api.putImage("b", DIGEST_B, "linux/arm64");
        JsonNode updated = LambdaInvoker.invoke(api.push(DIGEST_B, "2026-01-02T00:00:00Z")).path("services").get(0);
        assertEquals("APPLIED", updated.path("status").asText(), updated.toString());
        JsonNode clean = LambdaInvoker.invoke(DRIFT_CHECK);
        assertEquals(0, clean.path("summary").path("drifted").asInt(-1), clean.toString());

        api.ecs.updateService(b -> b.cluster(api.baseline.clusterName()).service(api.serviceName())
                .serviceRegistries(List.of()));
        JsonNode drifted = LambdaInvoker.invoke(DRIFT_CHECK);
        assertEquals(1, drifted.path("summary").path("drifted").asInt(-1), drifted.toString());
        assertTrue(drifted.toString().contains("service.serviceRegistries"), drifted.toString());

        ((ObjectNode) config.get("service")).remove("serviceRegistries");
        api.putConfig(config);
        api.ecs.updateService(b -> b.cluster(api.baseline.clusterName()).service(api.serviceName())
                .serviceRegistries(ServiceRegistry.builder().registryArn(REGISTRY).port(8080).build()));
        api.putImage("c", DIGEST_C, "linux/arm64", "linux/amd64");
        JsonNode removed = LambdaInvoker.invoke(api.push(DIGEST_C, "2026-01-03T00:00:00Z")).path("services").get(0);
        assertEquals("APPLIED", removed.path("status").asText(), removed.toString());
        assertEquals(List.of(), api.service().serviceRegistries(), "the registry the config dropped is taken off");
    }

}
