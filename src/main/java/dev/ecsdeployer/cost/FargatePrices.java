package dev.ecsdeployer.cost;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.util.Objects;

/** Fargate on-demand prices in USD for one region and CPU architecture. */
@RegisterForReflection
public record FargatePrices(BigDecimal vcpuHour, BigDecimal gbHour) {

    public FargatePrices {
        Objects.requireNonNull(vcpuHour, "vcpuHour");
        Objects.requireNonNull(gbHour, "gbHour");
    }

    public static FargatePrices of(String vcpuHour, String gbHour) {
        return new FargatePrices(new BigDecimal(vcpuHour), new BigDecimal(gbHour));
    }

    /** One task's price for an hour, unrounded. */
    public BigDecimal hourly(TaskSize size) {
        return vcpuHour.multiply(size.vcpu()).add(gbHour.multiply(size.gb()));
    }

    public String describe() {
        return "$" + vcpuHour.toPlainString() + " per vCPU-hour, $" + gbHour.toPlainString() + " per GB-hour";
    }
}
