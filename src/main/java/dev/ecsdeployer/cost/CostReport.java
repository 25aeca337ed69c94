package dev.ecsdeployer.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one service costs a month (730 hours of Fargate compute), in USD: as its config wants it
 * ({@code desired}), as it runs ({@code actual}, null when it does not run yet), and over its
 * auto scaling range. Monthly figures are rounded to cents, the per-task hourly price to five
 * decimals (the precision AWS publishes). {@code monthlyDelta} is {@code actualMonthly −
 * desiredMonthly}: positive when what runs costs more than the config says, so a drift check's
 * delta is the drift's price and a deploy's is minus what the deploy changes. A figure that
 * cannot be priced (no price for the region) is null and {@code notes} says why.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CostReport(
        String region,
        Footprint desired,
        Footprint actual,
        BigDecimal perTaskHourly,
        BigDecimal desiredMonthly,
        BigDecimal actualMonthly,
        BigDecimal scalingMinMonthly,
        BigDecimal scalingMaxMonthly,
        BigDecimal monthlyDelta,
        String currency,
        List<String> notes) {

    public static final String USD = "USD";

    public CostReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
