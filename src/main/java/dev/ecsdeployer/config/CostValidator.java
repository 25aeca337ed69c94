package dev.ecsdeployer.config;

import static dev.ecsdeployer.config.AwsFormats.REGION;
import static dev.ecsdeployer.config.AwsFormats.REGION_MESSAGE;

/** Rules for the price override and the cost drift threshold. */
final class CostValidator {

    private CostValidator() {
    }

    static void check(CostConfig cost, Problems problems) {
        cost.prices().forEach((region, byArchitecture) -> {
            problems.matches("cost.prices", region, REGION, REGION_MESSAGE);
            byArchitecture.forEach((architecture, price) -> {
                String path = "cost.prices." + region + "." + architecture.name();
                // A zero price would make every resize look free.
                problems.positive(path + ".vcpuHour", price.vcpuHour());
                problems.positive(path + ".gbHour", price.gbHour());
                problems.positive(path + ".spotVcpuHour", price.spotVcpuHour());
                problems.positive(path + ".spotGbHour", price.spotGbHour());
                problems.positive(path + ".storageGbHour", price.storageGbHour());
            });
        });
        problems.notNegative("cost.monthlyDeltaAlert", cost.monthlyDeltaAlert());
    }
}
