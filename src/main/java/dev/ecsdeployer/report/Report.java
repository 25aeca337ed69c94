package dev.ecsdeployer.report;

/**
 * What the deployer answers and logs for one service: a reconcile's report, a deployment's outcome,
 * or a drift check's finding. Every path that used to pass "some report" passes one of these.
 */
public sealed interface Report permits ServiceReport, OutcomeReport, DriftReport {

    String environment();

    String service();
}
