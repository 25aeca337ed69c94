package dev.ecsdeployer.work;

import dev.ecsdeployer.actual.ActualSource;
import dev.ecsdeployer.apply.PlanApplier;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.outcome.CanaryJudge;
import dev.ecsdeployer.outcome.DeploymentOutcomes;
import dev.ecsdeployer.verify.Verifier;

/**
 * What a service's AWS resources are read and written with, in the account its environment lives
 * in: all of one account's credentials, so a service is never read in one account and written in another.
 */
public record AccountEdges(Reconciler reconciler, PlanApplier applier, ActualSource live,
                           Front.ServiceLookup services, Verifier verifier, DeploymentOutcomes outcomes,
                           CanaryJudge canary) {
}
