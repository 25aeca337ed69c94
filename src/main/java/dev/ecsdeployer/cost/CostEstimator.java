package dev.ecsdeployer.cost;

import dev.ecsdeployer.config.CostConfig;
import dev.ecsdeployer.config.CpuArchitecture;
import dev.ecsdeployer.config.ScalingConfig;
import dev.ecsdeployer.config.ServiceConfig;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices task sizes and counts with a {@link PriceTable} for one region. Pure: no AWS calls.
 * A month is 730 hours, as in AWS's and the seed's estimates.
 */
public final class CostEstimator {

    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
    static final int HOURLY_SCALE = 5;
    static final int MONEY_SCALE = 2;

    private final PriceTable prices;
    private final String region;

    public CostEstimator(PriceTable prices, String region) {
        this.prices = prices;
        this.region = region;
    }

    /** The built-in prices with the config's {@code cost.prices} laid over them. */
    public static CostEstimator forConfig(ServiceConfig config, String region) {
        return new CostEstimator(PriceTable.forConfig(config.cost()), region);
    }

    public String region() {
        return region;
    }

    /** One task of this size for an hour, rounded to five decimals; empty when the region has no price. */
    public Optional<BigDecimal> hourly(TaskSize size) {
        return unroundedHourly(size).map(price -> price.setScale(HOURLY_SCALE, RoundingMode.HALF_UP));
    }

    /** The footprint for a month, rounded to cents; empty when the region has no price for its architecture. */
    public Optional<BigDecimal> monthly(Footprint footprint) {
        // Rounded once, at the end: rounding the hourly price first would be off by up to 0.4 cents per task.
        return prices.find(region, footprint.size().cpuArchitecture()).map(price -> price.hourly(footprint)
                .multiply(HOURS_PER_MONTH)
                .setScale(MONEY_SCALE, RoundingMode.HALF_UP));
    }

    /**
     * How much more {@code to} costs a month than {@code from} (negative when less), in cents, as
     * the difference of the two rounded monthly figures so that a reader's subtraction agrees.
     * For a drift: {@code delta(desired, drifted)}. Empty when either cannot be priced.
     */
    public Optional<BigDecimal> delta(Footprint from, Footprint to) {
        Optional<BigDecimal> before = monthly(from);
        Optional<BigDecimal> after = monthly(to);
        return before.isPresent() && after.isPresent() ? Optional.of(after.get().subtract(before.get())) : Optional.empty();
    }

    /**
     * The footprint a config asks for. With auto scaling the task count is the scaling's business
     * (the deployer never fights it), so it is the count that runs, kept within the scaling range;
     * without a running service, the config's desired count within that range.
     */
    public static Footprint desiredFootprint(ServiceConfig config, Footprint actual) {
        TaskSize size = TaskSize.of(config.taskDefinition());
        int count = config.service().desiredCount();
        ScalingConfig scaling = config.scaling();
        if (scaling != null) {
            int current = actual != null ? actual.tasks() : count;
            count = Math.max(scaling.minCapacity(), Math.min(scaling.maxCapacity(), current));
        }
        Map<String, int[]> strategy = new java.util.TreeMap<>();
        if (config.service().capacityProviderStrategy() != null) {
            config.service().capacityProviderStrategy().forEach(i -> strategy.put(i.capacityProvider(), new int[] {
                    i.base() == null ? 0 : i.base(), i.weight() == null ? 0 : i.weight()}));
        }
        return new Footprint(size, count, Footprint.spotShare(count, strategy),
                config.taskDefinition().ephemeralStorageGiB());
    }

    /** The cost of a config as it wants to run, against {@code actual} (null when the service does not run). */
    public CostReport estimate(ServiceConfig config, Footprint actual) {
        List<String> notes = new ArrayList<>();
        Footprint desired = desiredFootprint(config, actual);
        TaskSize size = desired.size();
        Optional<BigDecimal> desiredMonthly = monthly(desired);
        priceNote(size.cpuArchitecture(), notes);
        extrasNote(desired, notes);

        ScalingConfig scaling = config.scaling();
        BigDecimal scalingMin = null;
        BigDecimal scalingMax = null;
        if (scaling != null) {
            scalingMin = monthly(desired.withTasks(scaling.minCapacity())).orElse(null);
            scalingMax = monthly(desired.withTasks(scaling.maxCapacity())).orElse(null);
            notes.add("task count follows auto scaling: " + scaling.minCapacity() + " to " + scaling.maxCapacity()
                    + " tasks; desired is priced at " + desired.tasks());
        }

        Optional<BigDecimal> actualMonthly = Optional.empty();
        if (actual == null) {
            notes.add("the service does not run yet: no actual cost");
        } else {
            if (actual.size().cpuArchitecture() != size.cpuArchitecture()) {
                priceNote(actual.size().cpuArchitecture(), notes);
            }
            actualMonthly = monthly(actual);
        }
        BigDecimal delta = desiredMonthly.isPresent() && actualMonthly.isPresent()
                ? actualMonthly.get().subtract(desiredMonthly.get()) : null;
        if (delta != null && delta.signum() != 0) {
            notes.add("what runs (" + actual.describe() + ") costs $" + delta.abs().toPlainString() + " a month "
                    + (delta.signum() > 0 ? "more" : "less") + " than the config (" + desired.describe() + ")");
        }
        return new CostReport(region, desired, actual, hourly(size).orElse(null), desiredMonthly.orElse(null),
                actualMonthly.orElse(null), scalingMin, scalingMax, delta, CostReport.USD, notes);
    }

    /**
     * Whether a drift's cost calls for a {@code Cost Drift} event: only when the environment sets
     * {@code cost.monthlyDeltaAlert} and what runs costs more than that above the config. A
     * drift that saves money is still reported, but is not a cost alarm.
     */
    public static boolean exceedsAlert(BigDecimal monthlyDelta, CostConfig cost) {
        if (monthlyDelta == null || cost == null || cost.monthlyDeltaAlert() == null) {
            return false;
        }
        return monthlyDelta.compareTo(BigDecimal.valueOf(cost.monthlyDeltaAlert())) > 0;
    }

    /** {@link #exceedsAlert(BigDecimal, CostConfig)} for a report and the config it was made for. */
    public static boolean exceedsAlert(CostReport report, ServiceConfig config) {
        return report != null && exceedsAlert(report.monthlyDelta(), config.cost());
    }

    private Optional<BigDecimal> unroundedHourly(TaskSize size) {
        return prices.find(region, size.cpuArchitecture()).map(price -> price.hourly(size));
    }

    private void extrasNote(Footprint footprint, List<String> notes) {
        prices.find(region, footprint.size().cpuArchitecture()).map(p -> p.describeExtras(footprint))
                .filter(extras -> !extras.isEmpty()).ifPresent(extras -> notes.add(footprint.describe() + " priced with "
                        + extras));
    }

    private void priceNote(CpuArchitecture architecture, List<String> notes) {
        Optional<FargatePrices> price = prices.find(region, architecture);
        notes.add(price.isPresent()
                ? "priced at " + region + " " + architecture.name() + " Fargate prices: " + price.get().describe()
                : "no price for region " + region + " (" + architecture.name() + "): set cost.prices." + region + "."
                        + architecture.name() + " in the environment's _defaults document");
    }
}
