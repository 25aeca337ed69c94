package dev.ecsdeployer.report;

/** The detail-types of the events the deployer publishes. */
public final class DetailTypes {

    public static final String DEPLOYMENT_STARTED = "Deployment Started";
    public static final String DEPLOYMENT_COMPLETED = "Deployment Completed";
    public static final String DEPLOYMENT_FAILED = "Deployment Failed";
    public static final String DEPLOYMENT_ROLLED_BACK = "Deployment Rolled Back";
    public static final String DEPLOYMENT_REFUSED = "Deployment Refused";
    public static final String CONFIG_REJECTED = "Config Rejected";
    public static final String CONFIG_DELETED = "Config Deleted";
    public static final String DRIFT_DETECTED = "Drift Detected";
    /** A drift-check shard handed to another invocation (routed back to the function by the template). */
    public static final String DRIFT_CHECK_REQUESTED = "Drift Check Requested";
    /** A drift raised the monthly cost by more than the environment's {@code cost.monthlyDeltaAlert}. */
    public static final String COST_DRIFT = "Cost Drift";
    public static final String VERIFICATION_FAILED = "Verification Failed";
    public static final String WORK_ITEM_DEAD_LETTERED = "Work Item Dead-Lettered";
    /** An ECS deployment event could not be matched on its last attempt: how the deployment ended is not known. */
    public static final String DEPLOYMENT_OUTCOME_UNKNOWN = "Deployment Outcome Unknown";
    /** An operator held a service: automatic deploys wait until it is released. */
    public static final String SERVICE_HELD = "Service Held";
    /** A deployment still in progress past its config's deadline (the scheduled drift check finds it). */
    public static final String DEPLOYMENT_STUCK = "Deployment Stuck";

    /** A deployment the deployer did not start (an operator's UpdateService, another tool's) completed. */
    public static final String FOREIGN_DEPLOYMENT = "Foreign Deployment";

    private DetailTypes() {
    }
}
