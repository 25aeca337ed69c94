package dev.ecsdeployer.drift;

import dev.ecsdeployer.actual.ActualSource;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.FleetReader;
import dev.ecsdeployer.actual.FleetSource;
import dev.ecsdeployer.actual.PendingPreDeploy;
import dev.ecsdeployer.actual.PolicyRefresh;
import dev.ecsdeployer.actual.ServiceState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.aws.RateLimiter;
import dev.ecsdeployer.apply.ReconcileRequest;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.config.ConfigError;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.DriftPolicy;
import dev.ecsdeployer.config.FreezeWindow;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.cost.CostEstimator;
import dev.ecsdeployer.plan.Plan;
import dev.ecsdeployer.report.DriftReport;
import dev.ecsdeployer.report.DriftReport.Status;
import dev.ecsdeployer.report.Redaction;
import dev.ecsdeployer.report.ServiceReport;
import dev.ecsdeployer.workitem.WorkItem;
import dev.ecsdeployer.work.WorkQueue;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares every service of an environment with its desired state: one batched read of the
 * fleet, then per service (with bounded concurrency) the same reconcile a deploy runs, planning
 * only, on the fleet snapshot. Where the policy allows healing, it sends a heal work item (the
 * worker re-reads and applies under the service's message group); it never writes itself.
 */
public final class DriftCheck {

    /**
     * Services checked at once: their work is CPU (planning) and, where the recorded spec hash cannot
     * prove the revision, a DescribeTaskDefinition paced by its bucket; so the cores, or the calls in
     * flight that bucket's rate needs, whichever is more. More threads would only wait for tokens.
     */
    static final int CONCURRENCY = Math.max(Runtime.getRuntime().availableProcessors(),
            RateLimiter.ECS_TASK_DEFINITION_READ.concurrency());

    private final ServiceConfigParser parser;
    private final FleetReader fleet;
    private final ActualSource live;
    private final Reconciler reconciler;
    private final DriftPolicy defaultPolicy;
    private final Clock clock;

    public DriftCheck(ServiceConfigParser parser, FleetReader fleet, ActualSource live, Reconciler reconciler,
                      DriftPolicy defaultPolicy, Clock clock) {
        this.clock = clock;
        this.parser = parser;
        this.fleet = fleet;
        this.live = live;
        this.reconciler = reconciler;
        this.defaultPolicy = defaultPolicy;
    }

    /**
     * Checks the environment, reading every scaling policy; heal items go to {@code queue} (their
     * results, inline, fold into the reports).
     */
    public List<DriftReport> check(EnvironmentDocuments env, WorkQueue queue, String eventId) {
        return check(env, queue, eventId, FleetReader.Coverage.WHOLE_ENVIRONMENT, PolicyRefresh.ALL);
    }

    /**
     * The same, for {@code env} holding all of its environment's services or only a part (a shard's, a
     * chunk's), reading the scaling policies {@code refresh} and the services' records call for (a
     * scheduled check).
     */
    public List<DriftReport> check(EnvironmentDocuments env, WorkQueue queue, String eventId,
                                   FleetReader.Coverage coverage, PolicyRefresh refresh) {
        List<DriftReport> reports = new ArrayList<>();
        List<ServiceConfig> valid = new ArrayList<>();
        for (ConfigResult r : parser.parseEnvironment(env)) {
            if (r.valid()) {
                valid.add(r.config());
            } else {
                reports.add(DriftReport.rejected(env.environment(), r.location().service(),
                        r.errors().stream().map(Redaction::mask).map(ConfigError::describe).toList()));
            }
        }
        FleetSource source;
        try {
            source = new FleetSource(fleet.read(valid, coverage, refresh), live);
        } catch (SdkException e) {
            valid.forEach(c -> reports.add(failed(c, "reading the fleet failed: " + e.getMessage())));
            return reports;
        }
        List<DriftReport> checked = checkAll(valid, source);
        reports.addAll(timeOutPreDeploys(rollBackStuck(heal(checked, queue, eventId), valid, source, queue, eventId),
                valid, source, queue, eventId));
        return reports;
    }

    /**
     * A pending pre-deploy task is reported; one past its config's timeout is failed (and stopped) by a
     * work item of its service, so it never interleaves with the service's other items.
     */
    private List<DriftReport> timeOutPreDeploys(List<DriftReport> checked, List<ServiceConfig> configs,
                                                FleetSource source, WorkQueue queue, String eventId) {
        List<DriftReport> out = new ArrayList<>();
        for (DriftReport r : checked) {
            ServiceConfig config = configs.stream().filter(c -> c.name().equals(r.service())
                    && c.service().preDeploy() != null).findFirst().orElse(null);
            PendingPreDeploy pending = config == null ? null : source.service(config)
                    .flatMap(s -> PendingPreDeploy.of(s.tags())).orElse(null);
            if (pending == null) {
                out.add(r);
                continue;
            }
            int timeout = config.service().preDeploy().timeoutMinutes();
            List<String> notices = new ArrayList<>(r.notices() == null ? List.of() : r.notices());
            long minutes = pending.minutesRunning(clock.instant());
            if (pending.expired(clock.instant(), timeout)) {
                queue.send(List.of(new WorkItem.PreDeployTimedOut(config.environment(), config.name(), eventId,
                        pending.taskId())));
                notices.add(pending.describe() + " has run " + minutes + " minutes, past its timeout of " + timeout
                        + ": it is stopped and the deployment failed");
            } else {
                notices.add(pending.describe() + " has run " + minutes + " minutes (timeout " + timeout
                        + "); the rollout waits for it to exit 0");
            }
            out.add(r.withNotices(notices));
        }
        return out;
    }

    /**
     * Why the service's deployment is stuck, or null: still in progress past the config's deadline.
     * Says how long, and ECS's newest event for the service (why tasks do not start or pass health checks).
     */
    private String stuck(ServiceConfig config, ReconcileOutcome o) {
        ServiceState service = o.actual() == null ? null : o.actual().service();
        ServiceState.Rollout rollout = service == null ? null : service.rollout();
        if (rollout == null || !"IN_PROGRESS".equals(rollout.state()) || rollout.startedAt() == null) {
            return null;
        }
        long minutes = Duration.between(rollout.startedAt(), clock.instant()).toMinutes();
        int deadline = config.stuckDeployment().afterMinutes();
        if (minutes < deadline) {
            return null;
        }
        return "deployment " + service.primaryDeploymentId() + " in progress for " + minutes + " minutes (deadline "
                + deadline + ")" + (rollout.lastEvent() == null ? "" : "; ECS: " + Redaction.maskText(rollout.lastEvent()));
    }

    /**
     * Where the config asks for it, a stuck service goes back to the last image whose deployment
     * completed (an operator-style deploy, so the stuck image's push does not come back); never past
     * it: a service already on that image is only reported.
     */
    private List<DriftReport> rollBackStuck(List<DriftReport> checked, List<ServiceConfig> configs, FleetSource source,
                                            WorkQueue queue, String eventId) {
        List<DriftReport> out = new ArrayList<>();
        for (DriftReport r : checked) {
            ServiceConfig config = r.stuck() == null ? null : configs.stream()
                    .filter(c -> c.name().equals(r.service())).findFirst().orElse(null);
            if (config == null || !config.stuckDeployment().rollback()) {
                out.add(r);
                continue;
            }
            Map<String, String> tags = source.service(config).map(ServiceState::tags).orElse(Map.of());
            String completed = tags.get(ServiceTags.COMPLETED_IMAGE);
            List<String> notices = new ArrayList<>(r.notices() == null ? List.of() : r.notices());
            if (completed == null || completed.isBlank() || completed.equals(tags.get(ServiceTags.IMAGE))) {
                notices.add("stuck, and no other completed image is recorded to roll back to");
            } else {
                queue.send(List.of(new WorkItem.Deploy(config.environment(), config.name(), eventId, completed,
                        clock.instant())));
                notices.add("stuck: rolling back to " + completed + ", the last image whose deployment completed");
            }
            out.add(r.withNotices(notices));
        }
        return out;
    }

    private List<DriftReport> checkAll(List<ServiceConfig> configs, FleetSource source) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<DriftReport>> futures = configs.stream()
                    .map(c -> pool.submit(() -> checkOne(c, source)))
                    .toList();
            List<DriftReport> out = new ArrayList<>();
            for (Future<DriftReport> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drift check interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drift check failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    DriftReport checkOne(ServiceConfig config, FleetSource source) {
        try {
            ReconcileOutcome o = reconciler.reconcile(config, ReconcileRequest.driftCheck(), source);
            // Its events name the service's ARN (resources), as ECS returned it.
            return report(config, o).withServiceArn(o.actual() == null || o.actual().service() == null ? null
                    : o.actual().service().arn()).withStuck(stuck(config, o));
        } catch (SdkException | EcrImages.ImageNotFound e) {
            return failed(config, e.getMessage());
        }
    }

    private DriftReport report(ServiceConfig config, ReconcileOutcome o) {
        Plan plan = o.plan();
        Boolean costAlert = CostEstimator.exceedsAlert(o.cost(), config) ? Boolean.TRUE : null;
        List<String> notices = new ArrayList<>(plan.notices());
        String hold = o.actual() == null ? null : ServiceTags.hold(o.actual().serviceTags());
        if (hold != null) {
            notices.add("held by an operator since " + hold + ": drift is reported, not healed, until released");
        }
        var differences = plan.drift().stream().map(Redaction::mask).toList();
        String kept = o.actual() == null ? null : o.actual().serviceTags().get(ServiceTags.HELD_IMAGE);
        if (hold == null && kept != null && !kept.isBlank()) {
            // A push that arrived during a freeze (or a hold since released without it) is deployed now.
            String frozen = FreezeWindow.activeAt(config.deployFreeze(), clock.instant());
            if (frozen == null) {
                notices.add("the push kept while held or frozen (" + kept + ") is deployed now");
                return DriftReport.checked(config.environment(), config.name(), config.service().cluster(),
                        Status.HEAL_QUEUED, differences, notices, plan.held(), o.cost(), null);
            }
            notices.add("a push (" + kept + ") waits for the end of the " + frozen);
        }
        if (plan.isEmpty()) {
            // Held differences are drift the deployer leaves to the operator: reported, never healed.
            return DriftReport.checked(config.environment(), config.name(), config.service().cluster(),
                    plan.held().isEmpty() ? Status.IN_SYNC : Status.DRIFTED, List.of(), notices, plan.held(), o.cost(),
                    costAlert);
        }
        DriftPolicy policy = config.driftPolicy() != null ? config.driftPolicy() : defaultPolicy;
        if (policy == DriftPolicy.HEAL && o.skipped() != null && hold == null) {
            notices.add("not healed: " + o.skipped());
        }
        // HEAL_QUEUED marks what heal() sends; every other drift is only reported.
        Status status = policy == DriftPolicy.HEAL && o.skipped() == null ? Status.HEAL_QUEUED : Status.DRIFTED;
        return DriftReport.checked(config.environment(), config.name(), config.service().cluster(), status,
                differences, notices, plan.held(), o.cost(), costAlert);
    }

    /** Sends one heal item per service to heal; inline, each report takes its heal's result. */
    private static List<DriftReport> heal(List<DriftReport> checked, WorkQueue queue, String eventId) {
        List<WorkItem> items = checked.stream().filter(r -> r.status() == Status.HEAL_QUEUED)
                .<WorkItem>map(r -> new WorkItem.Heal(r.environment(), r.service(), eventId)).toList();
        if (items.isEmpty()) {
            return checked;
        }
        List<WorkQueue.Dispatched> sent = queue.send(items);
        List<DriftReport> out = new ArrayList<>();
        int next = 0;
        for (DriftReport r : checked) {
            if (r.status() != Status.HEAL_QUEUED) {
                out.add(r);
                continue;
            }
            WorkQueue.Dispatched d = sent.get(next++);
            out.add(switch (d) {
                case WorkQueue.Worked worked when worked.report() instanceof ServiceReport healed -> r.healedBy(healed);
                case WorkQueue.Worked worked -> r;
                case WorkQueue.Queued queued -> r;
            });
        }
        return out;
    }

    private static DriftReport failed(ServiceConfig c, String error) {
        return DriftReport.failed(c.environment(), c.name(), c.service().cluster(), error);
    }
}
