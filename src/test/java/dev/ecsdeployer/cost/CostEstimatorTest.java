package dev.ecsdeployer.cost;

import dev.ecsdeployer.config.CostConfig;
import dev.ecsdeployer.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

import static dev.ecsdeployer.config.CpuArchitecture.ARM64;
import static dev.ecsdeployer.config.CpuArchitecture.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's "Cost Implications" figures, the Graviton discount, scaling ranges, resizes and overrides. */
class CostEstimatorTest {

    private static final TaskSize HALF_VCPU_1GB = new TaskSize(512, 1024, X86_64);
    private static final TaskSize QUARTER_VCPU_HALF_GB = new TaskSize(256, 512, X86_64);

    private final CostEstimator usEast1 = new CostEstimator(PriceTable.builtIn(), "us-east-1");

    @Test
    void halfAVcpuWithOneGbIsTheSeeds0_02469AnHourAndAbout18AMonth() {
        assertEquals(money("0.02469"), usEast1.hourly(HALF_VCPU_1GB).orElseThrow());
        assertEquals(money("18.02"), usEast1.monthly(new Footprint(HALF_VCPU_1GB, 1)).orElseThrow());
    }

    @Test
    void theDevEnvironmentsThreeQuarterVcpuServicesAreAbout27AMonth() {
        BigDecimal api = usEast1.estimate(Configs.example("api-dev"), null).desiredMonthly();
        BigDecimal realtime = usEast1.estimate(Configs.example("realtime-dev"), null).desiredMonthly();
        // The seed's third dev service (workers, 256/512) has no example config.
        BigDecimal workers = usEast1.monthly(new Footprint(QUARTER_VCPU_HALF_GB, 1)).orElseThrow();

        assertEquals(money("9.01"), api);
        assertEquals(money("9.01"), realtime);
        assertEquals(money("9.01"), workers);
        assertEquals(money("27.03"), api.add(realtime).add(workers));
    }

    @Test
    void prodsTwoHalfVcpuTasksAreAbout36AServiceNotTheSeedTables72() {
        BigDecimal perService = usEast1.monthly(new Footprint(HALF_VCPU_1GB, 2)).orElseThrow();

        assertEquals(money("36.04"), perService, "2 × $0.024685 × 730 h");
        assertEquals(money("108.12"), perService.multiply(BigDecimal.valueOf(3)), "the seed's three prod services");
    }

    @Test
    void theProdExamplesRunOnGravitonAndCostAbout20PercentLess() {
        CostReport api = usEast1.estimate(Configs.example("api-prod"), null);
        CostReport realtime = usEast1.estimate(Configs.example("realtime-prod"), null);

        assertEquals(new Footprint(new TaskSize(512, 1024, ARM64), 2), api.desired());
        assertEquals(money("0.01975"), api.perTaskHourly());
        assertEquals(money("28.84"), api.desiredMonthly());
        assertEquals(money("28.84"), realtime.desiredMonthly());
        BigDecimal x86 = usEast1.monthly(new Footprint(HALF_VCPU_1GB, 2)).orElseThrow();
        assertEquals(new BigDecimal("0.80"), api.desiredMonthly().divide(x86, 2, RoundingMode.HALF_UP));
    }

    @Test
    void theScalingRangeIsPricedAtItsMinimumAndMaximum() {
        CostReport report = usEast1.estimate(Configs.example("api-prod"), null);

        assertEquals(money("28.84"), report.scalingMinMonthly(), "2 tasks");
        assertEquals(money("288.35"), report.scalingMaxMonthly(), "20 tasks");
        assertTrue(report.notes().contains("task count follows auto scaling: 2 to 20 tasks; desired is priced at 2"),
                report.notes().toString());
    }

    @Test
    void aServiceWithoutScalingHasNoScalingRange() {
        ServiceConfig noScaling = withoutScaling(Configs.example("api-dev"));

        CostReport report = usEast1.estimate(noScaling, null);

        assertEquals(money("9.01"), report.desiredMonthly());
        assertNull(report.scalingMinMonthly());
        assertNull(report.scalingMaxMonthly());
    }

    @Test
    void aCountSetByAutoScalingIsNotACostDrift() {
        ServiceConfig api = Configs.example("api-prod");
        Footprint scaledOut = new Footprint(new TaskSize(512, 1024, ARM64), 5);

        CostReport report = usEast1.estimate(api, scaledOut);

        assertEquals(5, report.desired().tasks());
        assertEquals(money("72.09"), report.actualMonthly());
        assertEquals(money("0.00"), report.monthlyDelta());
    }

    @Test
    void aCountOutsideTheScalingRangeIsPricedAgainstTheRangesEdge() {
        ServiceConfig api = Configs.example("api-prod");
        Footprint outOfRange = new Footprint(new TaskSize(512, 1024, ARM64), 25);

        CostReport report = usEast1.estimate(api, outOfRange);

        assertEquals(20, report.desired().tasks());
        assertEquals(money("72.09"), report.monthlyDelta(), "5 tasks above the maximum of 20");
    }

    @Test
    void aHandResizeTo16VcpuShowsItsMonthlyCost() {
        ServiceConfig api = Configs.example("api-prod");
        Footprint resized = new Footprint(new TaskSize(16384, 32768, ARM64), 2);

        CostReport report = usEast1.estimate(api, resized);

        assertEquals(money("28.84"), report.desiredMonthly());
        assertEquals(money("922.72"), report.actualMonthly(), "2 × (16 × $0.03238 + 32 × $0.00356) × 730 h");
        assertEquals(money("893.88"), report.monthlyDelta());
        assertEquals(Optional.of(money("893.88")), usEast1.delta(report.desired(), resized));
        assertTrue(report.notes().contains("what runs (16384/32768 ARM64 × 2) costs $893.88 a month more than the"
                + " config (512/1024 ARM64 × 2)"), report.notes().toString());
    }

    @Test
    void aDeltaIsSignedAndX86HasItsOwnPrices() {
        Footprint small = new Footprint(HALF_VCPU_1GB, 1);
        Footprint large = new Footprint(new TaskSize(16384, 32768, X86_64), 1);

        assertEquals(Optional.of(money("558.62")), usEast1.delta(small, large), "$576.64 − $18.02");
        assertEquals(Optional.of(money("-558.62")), usEast1.delta(large, small));
    }

    @Test
    void theCostAlertFiresOnlyForAnIncreaseAboveTheEnvironmentsThreshold() {
        CostConfig fifty = new CostConfig(Map.of(), 50.0);

        assertTrue(CostEstimator.exceedsAlert(money("893.88"), fifty));
        assertTrue(CostEstimator.exceedsAlert(money("50.01"), fifty));
        assertFalse(CostEstimator.exceedsAlert(money("50.00"), fifty), "at the threshold is not above it");
        assertFalse(CostEstimator.exceedsAlert(money("-893.88"), fifty), "a drift that saves money");
        assertFalse(CostEstimator.exceedsAlert(money("893.88"), new CostConfig(Map.of(), null)), "no threshold set");
        assertFalse(CostEstimator.exceedsAlert(null, fifty), "no price, no alert");
    }

    @Test
    void theAlertThresholdComesFromTheDefaultsDocument() {
        ServiceConfig api = Configs.example("api-prod", "{\"cost\": {\"monthlyDeltaAlert\": 50}}");
        CostReport resized = usEast1.estimate(api, new Footprint(new TaskSize(16384, 32768, ARM64), 2));
        CostReport scaledOut = usEast1.estimate(api, new Footprint(new TaskSize(512, 1024, ARM64), 20));

        assertTrue(CostEstimator.exceedsAlert(resized, api));
        assertFalse(CostEstimator.exceedsAlert(scaledOut, api), "auto scaling to its maximum is no drift");
    }

    @Test
    void pricesInTheDefaultsDocumentReplaceTheBuiltInOnes() {
        String defaults = "{\"cost\": {\"prices\": {\"us-east-1\": {\"X86_64\": {\"vcpuHour\": 0.08096, \"gbHour\": 0.00889}}}}}";
        ServiceConfig api = Configs.example("api-dev", defaults);

        CostReport report = CostEstimator.forConfig(api, "us-east-1").estimate(api, null);

        assertEquals(money("0.02469"), report.perTaskHourly(), "doubled prices: 0.25 vCPU now costs what 0.5 did");
        assertEquals(money("18.02"), report.desiredMonthly());
        assertTrue(report.notes().contains("priced at us-east-1 X86_64 Fargate prices: $0.08096 per vCPU-hour,"
                + " $0.00889 per GB-hour"), report.notes().toString());
    }

    @Test
    void anOverrideOfOneArchitectureKeepsTheBuiltInPriceOfTheOther() {
        String defaults = "{\"cost\": {\"prices\": {\"us-east-1\": {\"X86_64\": {\"vcpuHour\": 1, \"gbHour\": 1}}}}}";
        ServiceConfig api = Configs.example("api-prod", defaults);

        assertEquals(money("28.84"), CostEstimator.forConfig(api, "us-east-1").estimate(api, null).desiredMonthly());
    }

    @Test
    void aRegionWithoutAPriceIsANoteNotAFailure() {
        ServiceConfig api = Configs.example("api-dev");

        CostReport report = CostEstimator.forConfig(api, "eu-west-1")
                .estimate(api, new Footprint(QUARTER_VCPU_HALF_GB, 1));

        assertNull(report.perTaskHourly());
        assertNull(report.desiredMonthly());
        assertNull(report.actualMonthly());
        assertNull(report.monthlyDelta());
        assertNull(report.scalingMaxMonthly());
        assertEquals("USD", report.currency());
        assertTrue(report.notes().contains("no price for region eu-west-1 (X86_64): set cost.prices.eu-west-1.X86_64"
                + " in the environment's _defaults document"), report.notes().toString());
    }

    @Test
    void aRegionPricedInTheDefaultsDocumentIsPriced() {
        String defaults = "{\"cost\": {\"prices\": {\"eu-west-1\": {\"X86_64\": {\"vcpuHour\": 0.04656, \"gbHour\": 0.00511}}}}}";
        ServiceConfig api = Configs.example("api-dev", defaults);

        CostReport report = CostEstimator.forConfig(api, "eu-west-1").estimate(api, null);

        assertEquals(money("10.36"), report.desiredMonthly(), "(0.25 × 0.04656 + 0.5 × 0.00511) × 730");
    }

    @Test
    void aServiceThatDoesNotRunYetHasNoActualCostOrDelta() {
        CostReport report = usEast1.estimate(Configs.example("api-dev"), null);

        assertNull(report.actual());
        assertNull(report.actualMonthly());
        assertNull(report.monthlyDelta());
        assertTrue(report.notes().contains("the service does not run yet: no actual cost"), report.notes().toString());
    }

    @Test
    void aServiceRunningOnX86WhileTheConfigSaysArm64ShowsTheGravitonSaving() {
        ServiceConfig api = Configs.example("api-prod");

        CostReport report = usEast1.estimate(api, new Footprint(new TaskSize(512, 1024, X86_64), 2));

        assertEquals(money("36.04"), report.actualMonthly());
        assertEquals(money("7.20"), report.monthlyDelta(), "$36.04 on x86 against $28.84 on Graviton");
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static ServiceConfig withoutScaling(ServiceConfig c) {
        return new ServiceConfig(c.name(), c.project(), c.environment(), c.image(), c.taskDefinition(), c.logGroup(),
                c.service(), null, c.deploymentAlarms(), c.driftPolicy(), c.cost(), c.deployFreeze(),
                c.stuckDeployment(), c.account());
    }
}
