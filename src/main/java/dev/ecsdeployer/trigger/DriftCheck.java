package dev.ecsdeployer.trigger;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.FleetReader;
import dev.ecsdeployer.actual.FleetReader.Snapshot;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.apply.ApplyResult;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.apply.ServiceLocks;
import dev.ecsdeployer.aws.RateLimiter;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.DriftPolicy;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.cost.ActualFootprint;
import dev.ecsdeployer.cost.CostEstimator;
import dev.ecsdeployer.cost.CostReport;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.TaskDefinitionSpec;
import dev.ecsdeployer.plan.Change;
import dev.ecsdeployer.plan.Plan;
import dev.ecsdeployer.plan.Planner;
import dev.ecsdeployer.report.DriftReport;
import dev.ecsdeployer.report.DriftReport.Status;
import dev.ecsdeployer.report.Redaction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares every service of an environment with its desired state: one batched read of the
 * fleet, then per service (with bounded concurrency) a task definition describe only where it
 * can have changed, a plan, and a heal where the policy allows it. Report-only by default.
 */
public final class DriftCheck {

    /** Enough to overlap AWS latency, few enough to stay inside the describe rate limits. */
    static final int CONCURRENCY = 8;

    private final ServiceConfigParser parser;
    private final FleetReader fleet;
    private final ActualStateReader reader;
    private final DesiredStateBuilder builder;
    private final Reconciler reconciler;
    private final EcrImages images;
    private final DriftPolicy defaultPolicy;

    public DriftCheck(ServiceConfigParser parser, FleetReader fleet, ActualStateReader reader,
                      DesiredStateBuilder builder, Reconciler reconciler, EcrImages images,
                      DriftPolicy defaultPolicy) {
        this.parser = parser;
        this.fleet = fleet;
        this.reader = reader;
        this.builder = builder;
        this.reconciler = reconciler;
        this.images = images;
        this.defaultPolicy = defaultPolicy;
    }

    public List<DriftReport> check(EnvironmentDocuments env) {
        List<DriftReport> reports = new ArrayList<>();
        List<ServiceConfig> valid = new ArrayList<>();
        env.services().forEach((name, doc) -> {
            ConfigResult r = parser.parse(new ConfigLocation(env.prefix(), env.environment(), name), doc,
                    env.defaults());
            if (r.valid()) {
                valid.add(r.config());
            } else {
                reports.add(new DriftReport(env.environment(), name, null, Status.REJECTED, null, null, null, null,
                        r.errors().stream().map(e -> e.describe()).toList(), null, null));
            }
        });
        Snapshot snapshot;
        try {
            snapshot = fleet.read(valid);
        } catch (SdkException e) {
            valid.forEach(c -> reports.add(failed(c, "reading the fleet failed: " + e.getMessage())));
            return reports;
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<DriftReport>> futures = valid.stream()
                    .map(c -> pool.submit(() -> checkOne(c, snapshot)))
                    .toList();
            for (Future<DriftReport> f : futures) {
                reports.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drift check interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drift check failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        return reports;
    }

    DriftReport checkOne(ServiceConfig config, Snapshot snapshot) {
        try {
            Service service = snapshot.service(config);
            Map<String, String> tags = service == null ? Map.of() : ServiceTags.of(service);
            String container = config.taskDefinition().containerName();
            TaskDefinitionSpec running = null;
            ImageRef image = followed(config, ImageRef.parse(tags.get(ServiceTags.IMAGE)));
            if (image == null && service != null) {
                running = describe(service.taskDefinition(), container);
                image = followed(config, running.container() == null ? null
                        : ImageRef.parse(running.container().image()));
            }
            if (image == null) {
                image = images.resolve(config.image().registry(), config.image().repository(), config.image().tag(),
                        null).image();
            }
            DesiredState desired = builder.build(config, image);
            TaskDefinitionSpec td = service == null ? null
                    : running != null ? running
                    : ActualStateReader.provablyDesired(service, tags, desired.taskDefinition()) ? desired.taskDefinition()
                    : describe(service.taskDefinition(), container);
            ActualState actual = new ActualState(snapshot.logGroup(config), service, td, null, tags,
                    snapshot.scaling(config), false);
            if (actual.scaling().target() != null) {
                desired = desired.withCountOwnedByScaling();
            }
            Plan plan = Planner.plan(desired, actual);
            return report(config, desired, actual, plan);
        } catch (SdkException | EcrImages.ImageNotFound | ServiceLocks.ServiceBusyException e) {
            return failed(config, e.getMessage());
        }
    }

    /**
     * DescribeTaskDefinition, paced by the instance-wide limiter of its AWS bucket (20/s): with 8
     * threads at AWS latency a fleet whose services all need one (none deployed by the deployer, or
     * a {@code _defaults} change that alters every spec) would ask for ~250/s and live on throttling
     * retries; paced, it takes a token at a time and never sees a throttle.
     */
    private TaskDefinitionSpec describe(String taskDefinitionArn, String container) {
        RateLimiter.ECS_TASK_DEFINITION_READ.acquire();
        return reader.describe(taskDefinitionArn, container);
    }

    private DriftReport report(ServiceConfig config, DesiredState desired, ActualState actual, Plan plan) {
        // What the drift costs: what runs (size × count) against what the config says.
        CostReport cost = CostEstimator.forConfig(config, builder.region()).estimate(config, ActualFootprint.of(actual));
        Boolean costAlert = CostEstimator.exceedsAlert(cost, config) ? Boolean.TRUE : null;
        List<String> notices = new ArrayList<>(plan.notices());
        var differences = plan.drift().stream().map(Redaction::mask).toList();
        if (plan.isEmpty()) {
            return new DriftReport(config.environment(), config.name(), config.service().cluster(), Status.IN_SYNC,
                    List.of(), notices.isEmpty() ? null : notices, null, null, null, cost, costAlert);
        }
        DriftPolicy policy = config.driftPolicy() != null ? config.driftPolicy() : defaultPolicy;
        boolean redeploysFailedImage = plan.change(Change.Resource.TASK_DEFINITION).isPresent()
                && ServiceTags.failedDigests(actual.serviceTags()).contains(desired.image().digest());
        if (policy != DriftPolicy.HEAL || redeploysFailedImage) {
            if (policy == DriftPolicy.HEAL) {
                notices.add("not healed: image " + desired.image().digest()
                        + " failed or was rolled back; it is never redeployed automatically");
            }
            return new DriftReport(config.environment(), config.name(), config.service().cluster(), Status.DRIFTED,
                    differences, notices.isEmpty() ? null : notices, null, null, null, cost, costAlert);
        }
        // Heal = the deploy's reconcile, under the service's lock and on a fresh read, so that a push
        // that landed since the fleet was read is never undone.
        ReconcileOutcome healed = reconciler.reconcile(config, null, null, true, Reconciler.Mode.APPLY_FULL);
        ApplyResult r = healed.result();
        if (r == null) {
            if (healed.skipped() != null) {
                notices.add("not healed: " + healed.skipped());
            }
            return new DriftReport(config.environment(), config.name(), config.service().cluster(),
                    healed.skipped() != null ? Status.DRIFTED : Status.IN_SYNC, differences,
                    notices.isEmpty() ? null : notices, null, null, null, cost, costAlert);
        }
        return new DriftReport(config.environment(), config.name(), config.service().cluster(),
                r.succeeded() ? Status.HEALED : Status.HEAL_FAILED, differences,
                notices.isEmpty() ? null : notices, r.applied(), r.deploymentId(),
                r.succeeded() ? null : List.of(r.failedStep() + ": " + r.error()), cost, costAlert);
    }

    /** The image, when it comes from the repository the config follows. */
    private static ImageRef followed(ServiceConfig config, ImageRef image) {
        return image != null && image.isFrom(config.image().repository()) ? image : null;
    }

    private static DriftReport failed(ServiceConfig c, String error) {
        return new DriftReport(c.environment(), c.name(), c.service().cluster(), Status.FAILED, null, null, null, null,
                List.of(error), null, null);
    }
}
