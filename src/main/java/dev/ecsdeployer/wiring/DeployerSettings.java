package dev.ecsdeployer.wiring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The function's settings, from its environment: {@code ECS_DEPLOYER_CONFIG_PREFIX},
 * {@code ECS_DEPLOYER_ENVIRONMENT}, {@code ECS_DEPLOYER_EVENT_BUS}, {@code ECS_DEPLOYER_DRIFT_POLICY},
 * {@code ECS_DEPLOYER_METRICS_NAMESPACE}, {@code ECS_DEPLOYER_WORK_QUEUE_URL},
 * {@code ECS_DEPLOYER_WORK_MAX_RECEIVES}, and the work queue's retry and time settings below.
 */
@ConfigMapping(prefix = "ecs-deployer")
public interface DeployerSettings {

    /** SSM path prefix: configs live at {@code /<prefix>/<environment>/<service>}. */
    @WithDefault("ecs-deployer")
    String configPrefix();

    /** The environment this function manages; empty means every environment under the prefix. */
    Optional<String> environment();

    /**
     * The account the function runs in ({@code ECS_DEPLOYER_ACCOUNT_ID}; the template sets it): a
     * service without {@code image.registry} deploys only images pushed to this account's ECR.
     * Unset, the account is taken from the invocation's function ARN; until one names it, such
     * services deploy nothing.
     */
    Optional<String> accountId();

    /**
     * The function's execution role ({@code ECS_DEPLOYER_ROLE_ARN}; the template sets it): a scaling call
     * CloudTrail reports as made with it is the deployer's own write, not a hand edit to check.
     */
    Optional<String> roleArn();

    /** The EventBridge bus the deployer reports to. */
    @WithDefault("default")
    String eventBus();

    /** Environment-wide drift policy (report or heal), unless a service's config says otherwise. */
    @WithDefault("report")
    String driftPolicy();

    @WithDefault("EcsDeployer")
    String metricsNamespace();

    /**
     * Most services one invocation checks for drift; past it the check fans out, one invocation per
     * shard. One invocation (300 s) checks about 5,000 deployed services (README, figures).
     */
    @WithDefault("3000")
    int driftShardSize();

    /**
     * Services a drift check of one environment works on at a time while SSM pages the rest
     * ({@code ECS_DEPLOYER_DRIFT_CHUNK_SIZE}; see {@code drift/ChunkedCheck}).
     */
    @WithDefault("250")
    int driftChunkSize();

    /**
     * The drift check's schedule, as the template's {@code DriftSchedule} gives it
     * ({@code ECS_DEPLOYER_DRIFT_SCHEDULE}): with a {@code rate(...)}, each scheduled check reads the
     * scaling policies of a share of the services (and of any whose records changed), so that every
     * service's are read once per {@link #driftPolicyRefreshHours()}. Unset or a {@code cron(...)}:
     * every policy, every check.
     */
    Optional<String> driftSchedule();

    /** The longest a service's scaling policies go unread by scheduled checks ({@code ECS_DEPLOYER_DRIFT_POLICY_REFRESH_HOURS}). */
    @WithDefault("24")
    int driftPolicyRefreshHours();

    /**
     * The SQS FIFO work queue's URL; empty means no queue: work items are processed in the invocation
     * that produced them (local runs, {@code sam local invoke}). The template always sets it.
     */
    Optional<String> workQueueUrl();

    /** The work queue's {@code maxReceiveCount}: the receive that is an item's last attempt. */
    @WithDefault("5")
    int workMaxReceives();

    /**
     * The first retry of a failed work item waits about this long (doubling per attempt, with jitter),
     * instead of the queue's visibility timeout ({@code ECS_DEPLOYER_WORK_RETRY_BASE_SECONDS}).
     */
    @WithDefault("10")
    int workRetryBaseSeconds();

    /** The longest wait between two attempts of a work item ({@code ECS_DEPLOYER_WORK_RETRY_MAX_SECONDS}). */
    @WithDefault("300")
    int workRetryMaxSeconds();

    /**
     * The time one work item may take at most: a batch starts no item with less of the invocation
     * left, so none is cut off half-applied at the function timeout
     * ({@code ECS_DEPLOYER_WORK_ITEM_RESERVE_SECONDS}).
     */
    @WithDefault("120")
    int workItemReserveSeconds();
}
