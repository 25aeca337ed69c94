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
    // Spot: AWS's us-east-1 Fargate Spot prices move with spare capacity; these are the 70 % discount AWS
    // advertises (override them in cost.prices). Storage: $0.000111 per GB-hour above the free 20 GiB.
    public static final FargatePrices US_EAST_1_X86_64 = FargatePrices.of("0.04048", "0.004445", "0.012144",
            "0.0013335", "0.000111");
    public static final FargatePrices US_EAST_1_ARM64 = FargatePrices.of("0.03238", "0.00356", "0.009714",
            "0.001068", "0.000111");

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
                        .put(architecture, overridden(prices.getOrDefault(region, Map.of()).get(architecture),
                                price))));
        return new PriceTable(merged);
    }

    /**
     * An override: its on-demand prices; its Spot prices, else the built-in ones where the built-in on-demand price
     * is unchanged, else 30 % of its on-demand prices; its storage price, else the built-in one.
     */
    private static FargatePrices overridden(FargatePrices builtIn, FargatePriceConfig price) {
        BigDecimal vcpu = BigDecimal.valueOf(price.vcpuHour());
        BigDecimal gb = BigDecimal.valueOf(price.gbHour());
        boolean sameOnDemand = builtIn != null && builtIn.vcpuHour().compareTo(vcpu) == 0
                && builtIn.gbHour().compareTo(gb) == 0;
        return new FargatePrices(vcpu, gb,
                price.spotVcpuHour() != null ? BigDecimal.valueOf(price.spotVcpuHour())
                        : sameOnDemand ? builtIn.spotVcpuHour() : null,
                price.spotGbHour() != null ? BigDecimal.valueOf(price.spotGbHour())
                        : sameOnDemand ? builtIn.spotGbHour() : null,
                price.storageGbHour() != null ? BigDecimal.valueOf(price.storageGbHour())
                        : builtIn != null ? builtIn.storageGbHour() : null);
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
