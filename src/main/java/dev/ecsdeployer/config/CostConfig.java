package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * How the deployer prices a service, usually set once in the environment's {@code _defaults}
 * document. {@code prices} overrides the built-in Fargate price table per region and CPU
 * architecture (an architecture left out keeps the built-in price); {@code monthlyDeltaAlert},
 * when set, is the monthly cost increase (USD) of a drift above which the drift check emits a
 * {@code Cost Drift} event.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CostConfig(
        Map<String, Map<CpuArchitecture, FargatePriceConfig>> prices,
        Double monthlyDeltaAlert) {
}
