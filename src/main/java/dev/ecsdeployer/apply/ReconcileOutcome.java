package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.cost.CostReport;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.plan.Plan;

/**
 * The result of reconciling one service: the plan, and what applying it did ({@code result} is
 * null for a dry run or when the reconcile was skipped, with {@code skipped} saying why).
 * {@code actual} is the state the plan was made against; {@code cost} what the service costs as
 * configured and as it ran before this reconcile.
 */
public record ReconcileOutcome(
        ServiceConfig config,
        ImageRef image,
        Plan plan,
        ApplyResult result,
        String skipped,
        ActualState actual,
        CostReport cost) {
}
