package dev.ecsdeployer.cost;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Fargate prices in USD for one region and CPU architecture: on demand, on Fargate Spot ({@code spot...}), and
 * ephemeral storage above the free 20 GiB ({@code storageGbHour}, null when unknown: then not priced).
 */
@RegisterForReflection
public record FargatePrices(BigDecimal vcpuHour, BigDecimal gbHour, BigDecimal spotVcpuHour, BigDecimal spotGbHour,
                            BigDecimal storageGbHour) {

    /** Fargate Spot runs at up to 70 % off: the Spot price assumed when none is known. */
    static final BigDecimal SPOT_FACTOR = new BigDecimal("0.3");

    public FargatePrices {
        Objects.requireNonNull(vcpuHour, "vcpuHour");
        Objects.requireNonNull(gbHour, "gbHour");
        spotVcpuHour = spotVcpuHour != null ? spotVcpuHour : vcpuHour.multiply(SPOT_FACTOR);
        spotGbHour = spotGbHour != null ? spotGbHour : gbHour.multiply(SPOT_FACTOR);
    }

    public FargatePrices(BigDecimal vcpuHour, BigDecimal gbHour) {
        this(vcpuHour, gbHour, null, null, null);
    }

    public static FargatePrices of(String vcpuHour, String gbHour) {
        return new FargatePrices(new BigDecimal(vcpuHour), new BigDecimal(gbHour));
    }

    public static FargatePrices of(String vcpuHour, String gbHour, String spotVcpuHour, String spotGbHour,
                                   String storageGbHour) {
        return new FargatePrices(new BigDecimal(vcpuHour), new BigDecimal(gbHour), new BigDecimal(spotVcpuHour),
                new BigDecimal(spotGbHour), new BigDecimal(storageGbHour));
    }

    /** One task's price for an hour, unrounded. */
    public BigDecimal hourly(TaskSize size) {
        return vcpuHour.multiply(size.vcpu()).add(gbHour.multiply(size.gb()));
    }

    /** One task on Fargate Spot for an hour, unrounded. */
    public BigDecimal spotHourly(TaskSize size) {
        return spotVcpuHour.multiply(size.vcpu()).add(spotGbHour.multiply(size.gb()));
    }

    /** A footprint for an hour: on-demand and Spot tasks, storage above 20 GiB when a price for it is known. */
    public BigDecimal hourly(Footprint footprint) {
        BigDecimal spot = footprint.spotTasks() == null ? BigDecimal.ZERO : footprint.spotTasks();
        BigDecimal price = hourly(footprint.size()).multiply(BigDecimal.valueOf(footprint.tasks()).subtract(spot))
                .add(spotHourly(footprint.size()).multiply(spot));
        if (footprint.ephemeralStorageGiB() != null && storageGbHour != null) {
            price = price.add(storageGbHour.multiply(BigDecimal.valueOf(
                    (long) (footprint.ephemeralStorageGiB() - Footprint.FREE_STORAGE_GIB) * footprint.tasks())));
        }
        return price;
    }

    public String describe() {
        return "$" + vcpuHour.toPlainString() + " per vCPU-hour, $" + gbHour.toPlainString() + " per GB-hour";
    }

    /** The Spot and storage prices, for a footprint that uses them. */
    public String describeExtras(Footprint footprint) {
        String out = "";
        if (footprint.spotTasks() != null) {
            out += "Fargate Spot: $" + spotVcpuHour.stripTrailingZeros().toPlainString() + " per vCPU-hour, $"
                    + spotGbHour.stripTrailingZeros().toPlainString() + " per GB-hour";
        }
        if (footprint.ephemeralStorageGiB() != null) {
            out += (out.isEmpty() ? "" : "; ") + (storageGbHour == null
                    ? "ephemeral storage above 20 GiB not priced (no storageGbHour for this region)"
                    : "ephemeral storage above 20 GiB: $" + storageGbHour.toPlainString() + " per GB-hour");
        }
        return out;
    }
}
