package dev.ecsdeployer.cost;

import dev.ecsdeployer.config.CostConfig;
import dev.ecsdeployer.config.CpuArchitecture;
import dev.ecsdeployer.config.FargatePriceConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fargate prices per region and CPU architecture. The built-in table knows us-east-1 only: the
 * seed's x86 prices and AWS's published Linux/ARM (Graviton) prices, about 20 % lower. Other
 * regions come from the config's {@code cost.prices}; prices change rarely, and a wrong table is
 * fixed by editing {@code _defaults} rather than by a new release.
 */
@RegisterForReflection
public record PriceTable(Map<String, Map<CpuArchitecture, FargatePrices>> prices) {

    public static final String US_EAST_1 = "us-east-1";
    public static final FargatePrices US_EAST_1_X86_64 = FargatePrices.of("0.04048", "0.004445");
    public static final FargatePrices US_EAST_1_ARM64 = FargatePrices.of("0.03238", "0.00356");

    private static final PriceTable BUILT_IN = new PriceTable(Map.of(US_EAST_1,
            Map.of(CpuArchitecture.X86_64, US_EAST_1_X86_64, CpuArchitecture.ARM64, US_EAST_1_ARM64)));

    public PriceTable {
        Map<String, Map<CpuArchitecture, FargatePrices>> copy = new LinkedHashMap<>();
        prices.forEach((region, byArchitecture) -> copy.put(region, Collections.unmodifiableMap(enumMap(byArchitecture))));
        prices = Collections.unmodifiableMap(copy);
    }

    public static PriceTable builtIn() {
        return BUILT_IN;
    }

    /** The built-in table with a config's prices laid over it, architecture by architecture. */
    public static PriceTable forConfig(CostConfig cost) {
        return cost == null || cost.prices() == null ? BUILT_IN : BUILT_IN.withOverrides(cost.prices());
    }

    public PriceTable withOverrides(Map<String, Map<CpuArchitecture, FargatePriceConfig>> overrides) {
        Map<String, Map<CpuArchitecture, FargatePrices>> merged = new LinkedHashMap<>();
        prices.forEach((region, byArchitecture) -> merged.put(region, enumMap(byArchitecture)));
        overrides.forEach((region, byArchitecture) -> byArchitecture.forEach((architecture, price) ->
                merged.computeIfAbsent(region, r -> new EnumMap<>(CpuArchitecture.class))
                        .put(architecture, new FargatePrices(BigDecimal.valueOf(price.vcpuHour()),
                                BigDecimal.valueOf(price.gbHour())))));
        return new PriceTable(merged);
    }

    private static Map<CpuArchitecture, FargatePrices> enumMap(Map<CpuArchitecture, FargatePrices> entries) {
        Map<CpuArchitecture, FargatePrices> copy = new EnumMap<>(CpuArchitecture.class);
        copy.putAll(entries);
        return copy;
    }

    public Optional<FargatePrices> find(String region, CpuArchitecture architecture) {
        return Optional.ofNullable(prices.getOrDefault(region, Map.of()).get(architecture));
    }
}
