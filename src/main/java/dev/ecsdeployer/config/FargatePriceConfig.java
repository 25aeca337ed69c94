package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Fargate on-demand prices in USD: per vCPU per hour and per GB of memory per hour. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FargatePriceConfig(Double vcpuHour, Double gbHour) {
}
