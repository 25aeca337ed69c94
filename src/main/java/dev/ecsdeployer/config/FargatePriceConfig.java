package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Fargate prices in USD: on-demand per vCPU per hour and per GB of memory per hour; the same on Fargate Spot
 * ({@code spot...}, default: the built-in Spot table, or 30 % of the on-demand price given here); ephemeral storage
 * above the free 20 GiB per GB per hour ({@code storageGbHour}, default: the built-in table).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FargatePriceConfig(Double vcpuHour, Double gbHour, Double spotVcpuHour, Double spotGbHour,
                                 Double storageGbHour) {

    public FargatePriceConfig(Double vcpuHour, Double gbHour) {
        this(vcpuHour, gbHour, null, null, null);
    }
}
