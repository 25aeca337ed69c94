package dev.ecsdeployer.cost;

import dev.ecsdeployer.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * app-prod (4 tasks of 1 vCPU / 2 GB on Graviton; FARGATE base 1 weight 3, FARGATE_SPOT weight 7; 40 GiB of
 * ephemeral storage): Spot priced by the strategy's weights, storage above the free 20 GiB priced.
 */
class SpotAndStorageCostTest {

    final ServiceConfig app = Configs.example("app-prod");
    final CostEstimator usEast1 = CostEstimator.forConfig(app, "us-east-1");

    @Test
    void theBaseIsOnDemandAndTheRestSplitsByWeight() {
        assertNull(Footprint.spotShare(4, Map.of()), "a launch type: no Spot");
        assertEquals(new BigDecimal("2.1"), Footprint.spotShare(4, Map.of("FARGATE", new int[] {1, 3},
                "FARGATE_SPOT", new int[] {0, 7})), "(4 - 1) × 7/10");
        assertEquals(new BigDecimal("3"), Footprint.spotShare(3, Map.of("FARGATE_SPOT", new int[] {5, 1})),
                "a Spot base larger than the count");
    }

    @Test
    void seventyPercentOnSpotAndFortyGibCostLessThanAllOnDemand() {
        Footprint desired = CostEstimator.desiredFootprint(app, null);

        assertEquals(new BigDecimal("2.1"), desired.spotTasks());
        assertEquals(40, desired.ephemeralStorageGiB());
        // On demand 1.9 × $0.0395 + Spot 2.1 × $0.01185 + 4 × 20 GiB × $0.000111, for 730 hours.
        assertEquals(new BigDecimal("79.43"), usEast1.monthly(desired).orElseThrow());
        assertEquals(new BigDecimal("115.34"), usEast1.monthly(new Footprint(desired.size(), 4)).orElseThrow(),
                "the same tasks all on demand with 20 GiB");
        CostReport report = usEast1.estimate(app, null);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("Fargate Spot: $0.009714 per vCPU-hour")),
                report.notes().toString());
    }

    @Test
    void aHandEditedSpotWeightHasAPrice() {
        Footprint desired = CostEstimator.desiredFootprint(app, null);
        Footprint edited = new Footprint(desired.size(), 4, Footprint.spotShare(4, Map.of(
                "FARGATE", new int[] {1, 3}, "FARGATE_SPOT", new int[] {0, 5})), 40);

        assertEquals(new BigDecimal("4.55"), usEast1.delta(desired, edited).orElseThrow(), "$83.98 against $79.43");
    }

    @Test
    void theSpotTableIsOverriddenInCostPrices() {
        ServiceConfig cheaper = Configs.example("app-prod", "{\"cost\": {\"prices\": {\"us-east-1\": {\"ARM64\":"
                + " {\"vcpuHour\": 0.03238, \"gbHour\": 0.00356, \"spotVcpuHour\": 0.005, \"spotGbHour\": 0.0005,"
                + " \"storageGbHour\": 0.0002}}}}}");
        CostEstimator estimator = CostEstimator.forConfig(cheaper, "us-east-1");

        // 1.9 × 0.0395 + 2.1 × 0.006 + 80 × 0.0002 = 0.10365 an hour.
        assertEquals(new BigDecimal("75.66"), estimator.monthly(CostEstimator.desiredFootprint(cheaper, null))
                .orElseThrow());
    }
}
