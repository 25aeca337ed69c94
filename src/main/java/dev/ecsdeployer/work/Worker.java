package dev.ecsdeployer.work;

import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.PendingPreDeploy;
import dev.ecsdeployer.actual.ServiceState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.apply.ReconcileRequest;
import dev.ecsdeployer.config.AccountConfig;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.FreezeWindow;
import dev.ecsdeployer.config.NameRules;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.config.SsmConfigStore.ServiceDocument;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.Ownership;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.Redaction;
import dev.ecsdeployer.report.Report;
import dev.ecsdeployer.report.ServiceReport;
import dev.ecsdeployer.verify.Finding;
import dev.ecsdeployer.workitem.WorkItem;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works one item for one service: re-reads the service's config and actual state (level-triggered),
 * reconciles, reports. A failure that another attempt may cure (an AWS error, a step that failed
 * part-way) is a {@link WorkResult.Retry} after a backoff; only the last attempt's failure is
 * announced, by the queue, as a failed deployment (or, for an outcome, as an unknown outcome).
 */
public final class Worker {

    private final String configPrefix;
    private final Optional<String> environment;
    private final ImageOrigin origin;
    private final SsmConfigStore store;
    private final ServiceConfigParser parser;
    private final Accounts accounts;
    private final DeployReporter reporter;
    private final Backoff backoff;
    private final Clock clock;

    /** @param environment the one environment this function manages, when it has one */
    public Worker(String configPrefix, Optional<String> environment, ImageOrigin origin, SsmConfigStore store,
                  ServiceConfigParser parser, Accounts accounts, DeployReporter reporter, Backoff backoff, Clock clock) {
        this.configPrefix = configPrefix;
        this.environment = environment;
        this.origin = origin;
        this.store = store;
        this.parser = parser;
        this.accounts = accounts;
        this.reporter = reporter;
        this.backoff = backoff;
        this.clock = clock;
    }

    public WorkResult process(WorkItem item, Attempt attempt) {
        String trigger = item.trigger();
        String untrusted = untrusted(item);
        if (untrusted != null) {
            // Whoever can put an item on the queue (or invoke with an SQS-shaped event) gets no more
            // than a command would: the same names, the same environment binding.
            return new WorkResult.Done(reporter.skipped(trigger, Redaction.maskText(item.environment()),
                    Redaction.maskText(item.service()), untrusted));
        }
        try {
            return switch (item) {
                // An outcome matches the event with what the deployer recorded; the config, when there still is
                // one, says only which account the service is in.
                case WorkItem.Outcome outcome -> new WorkResult.Done(outcomeEdges(outcome).outcomes()
                        .handle(outcome.environment(), outcome.deployment()));
                case WorkItem.Push push -> withConfig(item, config -> push(config, push, attempt));
                case WorkItem.ConfigChange change -> withConfig(item, config -> configChange(trigger, config, attempt));
                case WorkItem.Heal heal -> withConfig(item, config -> heal(config, attempt));
                case WorkItem.Deploy deploy -> withConfig(item, config -> deploy(config, deploy, attempt));
                case WorkItem.Hold hold -> withConfig(item, config -> hold(config, hold));
                case WorkItem.Release release -> withConfig(item, config -> release(config,
                        accounts.of(config).live().service(config), release.forced(), attempt));
                case WorkItem.PreDeployStopped stopped -> withConfig(item, config -> preDeployStopped(config, stopped,
                        attempt));
                case WorkItem.PreDeployTimedOut timedOut -> withConfig(item, config -> preDeployTimedOut(config,
                        timedOut));
            };
        } catch (SdkException e) {
            String why = "AWS error: " + e.getMessage();
            // An outcome that could not be matched on its last attempt is unknown, not a failed deployment:
            // the deployment may well have completed.
            Report report = switch (item) {
                case WorkItem.Outcome outcome -> attempt.last() ? reporter.outcomeUnknown(outcome, why) : null;
                default -> reporter.failed(trigger, item.environment(), item.service(), null, why, attempt.last());
            };
            return retry(attempt, why, report);
        }
    }

    /** The account an outcome's service is in: its config's, else (config gone or invalid) the function's own. */
    private AccountEdges outcomeEdges(WorkItem.Outcome outcome) {
        String account = outcome.deployment().account();
        if (account == null || account.equals(origin.account().get().orElse(null))) {
            return accounts.of((AccountConfig) null);
        }
        ConfigLocation location = new ConfigLocation(configPrefix, outcome.environment(), outcome.service());
        ServiceDocument doc = store.readService(location);
        ConfigResult parsed = doc.document().map(d -> parser.parse(location, d, doc.defaults())).orElse(null);
        return accounts.of(parsed != null && parsed.valid() ? parsed.config().account() : null);
    }

    /** Re-reads the item's config (level-triggered); a deleted or invalid one is reported and nothing is done. */
    private WorkResult withConfig(WorkItem item, java.util.function.Function<ServiceConfig, WorkResult> work) {
        ConfigLocation location = new ConfigLocation(configPrefix, item.environment(), item.service());
        ServiceDocument doc = store.readService(location);
        if (doc.document().isEmpty()) {
            return new WorkResult.Done(reporter.configDeleted(item.environment(), item.service(), "config "
                    + location.parameterName() + " no longer exists; nothing was changed"));
        }
        ConfigResult parsed = parser.parse(location, doc.document().get(), doc.defaults());
        if (!parsed.valid()) {
            return new WorkResult.Done(reporter.rejected(item.trigger(), item.environment(), item.service(),
                    parsed.errors()));
        }
        return work.apply(parsed.config());
    }

    private WorkResult push(ServiceConfig config, WorkItem.Push item, Attempt attempt) {
        ImageRef pushed = ImageRef.parse(item.image());
        // Level-triggered: the config may have changed since the push was queued.
        String refused = origin.refusal(config, pushed);
        if (refused != null || !config.image().tag().equals(item.tag())) {
            return new WorkResult.Done(reporter.skipped(item.trigger(), item.environment(), item.service(),
                    refused != null ? refused : "the config no longer follows " + item.image() + " tag " + item.tag()
                            + "; it follows " + config.image().repository() + ":" + config.image().tag()));
        }
        ImageRef image = new ImageRef(pushed.repositoryUri(), pushed.digest(), item.tag());
        return reconcile(item.trigger(), config, ReconcileRequest.push(image, pushTime(item)).frozenBy(frozen(config)),
                item.noticesOrEmpty(), attempt);
    }

    /**
     * When the image was pushed, as far as ordering trusts it: the event's time, but never later than
     * now. Whoever can invoke the function could claim a push from the year 9999, which would make
     * every real push after it look older than the running image.
     */
    private Instant pushTime(WorkItem.Push item) {
        Instant now = clock.instant();
        return item.pushedAt() == null || item.pushedAt().isAfter(now) ? now : item.pushedAt();
    }

    /** An operator's deploy, of an image from the service's own registry and repository only. */
    private WorkResult deploy(ServiceConfig config, WorkItem.Deploy item, Attempt attempt) {
        ImageRef image = ImageRef.parse(item.image());
        String refused = origin.refusal(config, image);
        if (refused != null) {
            return new WorkResult.Done(reporter.skipped(item.trigger(), config.environment(), config.name(), refused));
        }
        Instant requestedAt = item.requestedAt() == null || item.requestedAt().isAfter(clock.instant())
                ? clock.instant() : item.requestedAt();
        return reconcile(item.trigger(), config, ReconcileRequest.operator(image, true, requestedAt), List.of(),
                attempt);
    }

    /** Holds the config's own service: one TagResource; pushes after it wait (and are kept) until released. */
    private WorkResult hold(ServiceConfig config, WorkItem.Hold item) {
        Optional<ServiceState> service = accounts.of(config).live().service(config);
        String notOurs = notOurs(config, service);
        if (notOurs != null) {
            return new WorkResult.Done(reporter.skipped(item.trigger(), config.environment(), config.name(), notOurs));
        }
        String current = ServiceTags.hold(service.get().tags());
        if (current != null) {
            return new WorkResult.Done(reporter.held(item.trigger(), config, current, true));
        }
        Instant at = item.requestedAt() == null ? clock.instant() : item.requestedAt();
        String value = at.truncatedTo(ChronoUnit.SECONDS) + " " + item.reason();
        accounts.of(config).applier().hold(service.get(), value);
        return new WorkResult.Done(reporter.held(item.trigger(), config, value, false));
    }

    /**
     * A heal the drift check sent: a push kept while held or frozen, once neither is on any more, is
     * deployed (as a release does); otherwise the drift is put back.
     */
    private WorkResult heal(ServiceConfig config, Attempt attempt) {
        Optional<ServiceState> service = accounts.of(config).live().service(config);
        Map<String, String> tags = service.map(ServiceState::tags).orElse(Map.of());
        if (ServiceTags.hold(tags) == null && ImageRef.parse(tags.get(ServiceTags.HELD_IMAGE)) != null) {
            return release(config, service, false, attempt); // the service as just read
        }
        return reconcile("drift-heal", config, ReconcileRequest.heal().frozenBy(frozen(config)), List.of(), attempt);
    }

    /**
     * Lifts a hold, or deploys a push kept during a freeze: reconciles in full (the config may have
     * changed meanwhile) with the newest push kept, and only then clears the hold and the kept push, so
     * a failed attempt is retried still held. During a deploy freeze only a forced release deploys.
     */
    private WorkResult release(ServiceConfig config, Optional<ServiceState> service, boolean force, Attempt attempt) {
        String notOurs = notOurs(config, service);
        Map<String, String> tags = notOurs == null ? service.get().tags() : Map.of();
        String hold = ServiceTags.hold(tags);
        ImageRef kept = ImageRef.parse(tags.get(ServiceTags.HELD_IMAGE));
        if (hold == null && kept == null) {
            return new WorkResult.Done(reporter.skipped("release", config.environment(), config.name(),
                    notOurs != null ? notOurs : "not held and no push kept; nothing to release"));
        }
        String frozen = force ? null : frozen(config);
        if (frozen != null) {
            return new WorkResult.Done(reporter.skipped("release", config.environment(), config.name(),
                    frozen + ": the release waits (or give \"force\": true)"));
        }
        String keptAt = tags.get(ServiceTags.HELD_IMAGE_PUSHED_AT);
        Instant pushedAt = kept == null || keptAt == null || keptAt.isBlank() ? null : Instant.parse(keptAt);
        List<String> notices = List.of((hold != null ? "released the hold (" + hold + ")" : "no hold or freeze on")
                + (kept == null ? "" : "; the newest push kept meanwhile: " + kept.image()));
        WorkResult result = reconcile("release", config, ReconcileRequest.release(kept, pushedAt), notices, attempt);
        // Lifted once the kept push is settled: deployed, already running, or refused for good (older than what
        // runs). A reach check that refused keeps the hold and the push, for a release after the fix.
        if (result instanceof WorkResult.Done done && done.report() instanceof ServiceReport r
                && (r.status() == ServiceReport.Status.APPLIED || r.status() == ServiceReport.Status.UNCHANGED
                || r.status() == ServiceReport.Status.PRE_DEPLOYING
                || r.status() == ServiceReport.Status.SKIPPED)) {
            accounts.of(config).applier().release(service.get());
        }
        return result;
    }

    /**
     * A pre-deploy task stopped. Only the one the service records as pending counts (a superseded one's
     * stop is ignored); exit code 0 of the service's container rolls its image out, as the push or command
     * that asked for it would have (ordering, hold, freeze and all); anything else fails the deployment and
     * nothing is rolled out.
     */
    private WorkResult preDeployStopped(ServiceConfig config, WorkItem.PreDeployStopped item, Attempt attempt) {
        Optional<ServiceState> service = accounts.of(config).live().service(config);
        PendingPreDeploy pending = pending(config, service);
        if (pending == null || !pending.taskId().equals(PendingPreDeploy.taskId(item.taskArn()))) {
            return new WorkResult.Done(reporter.skipped(item.trigger(), config.environment(), config.name(),
                    "task " + item.taskArn() + " is not the pending pre-deploy of service "
                            + config.service().serviceName() + (pending == null ? " (none is pending)"
                            : " (pending: " + pending.describe() + ")")
                            + ": superseded by a newer image or already settled; nothing was changed"));
        }
        String failure = preDeployFailure(item);
        if (failure != null) {
            accounts.of(config).applier().preDeploys().failed(service.get(), pending);
            return new WorkResult.Done(reporter.failed(item.trigger(), config.environment(), config.name(),
                    config.service().cluster(), "pre-deploy failed: " + pending.describe() + " " + failure
                            + "; nothing was rolled out, and the image is not redeployed automatically", true));
        }
        ReconcileRequest request = (pending.requestedAt() != null
                ? ReconcileRequest.operator(pending.image(), true, pending.requestedAt())
                : ReconcileRequest.push(pending.image(), pending.pushedAt())).frozenBy(frozen(config)).afterPreDeploy();
        WorkResult result = reconcile(item.trigger(), config, request, List.of(pending.describe() + " exited 0"),
                attempt);
        if (result instanceof WorkResult.Done) {
            accounts.of(config).applier().preDeploys().settled(service.get());
        }
        return result;
    }

    /** Why a stopped pre-deploy task failed, or null when its container exited 0. */
    private static String preDeployFailure(WorkItem.PreDeployStopped item) {
        String stop = (item.stopCode() == null ? "" : "; stop code " + item.stopCode())
                + (item.stoppedReason() == null ? "" : ": " + item.stoppedReason())
                + (item.containerReason() == null ? "" : "; container: " + item.containerReason());
        if (item.exitCode() == null) {
            return "stopped without an exit code of container " + item.container() + stop;
        }
        if (item.exitCode() != 0) {
            return "exited with code " + item.exitCode() + " (container " + item.container() + stop + ")";
        }
        // Exit 0 after a StopTask or a Spot interruption is no completed run.
        if (item.stopCode() != null && !"EssentialContainerExited".equals(item.stopCode())) {
            return "was stopped before it finished" + stop;
        }
        return null;
    }

    /** The drift check found the pre-deploy task past its timeout: stopped, and the deployment failed. */
    private WorkResult preDeployTimedOut(ServiceConfig config, WorkItem.PreDeployTimedOut item) {
        Optional<ServiceState> service = accounts.of(config).live().service(config);
        PendingPreDeploy pending = pending(config, service);
        int timeout = config.service().preDeploy() == null ? 0 : config.service().preDeploy().timeoutMinutes();
        if (pending == null || !pending.taskId().equals(item.taskId())
                || (timeout > 0 && !pending.expired(clock.instant(), timeout))) {
            return new WorkResult.Done(reporter.skipped(item.trigger(), config.environment(), config.name(),
                    "pre-deploy task " + item.taskId() + " is no longer pending past its timeout; nothing was changed"));
        }
        long minutes = pending.minutesRunning(clock.instant());
        accounts.of(config).applier().preDeploys().stop(config.service().cluster(), pending.taskId(), "ecs-deployer: pre-deploy timed out after "
                + minutes + " minutes");
        accounts.of(config).applier().preDeploys().failed(service.get(), pending);
        return new WorkResult.Done(reporter.failed(item.trigger(), config.environment(), config.name(),
                config.service().cluster(), "pre-deploy failed: " + pending.describe() + " did not stop within "
                        + timeout + " minutes (service.preDeploy.timeoutMinutes); it was stopped after " + minutes
                        + " minutes, nothing was rolled out, and the image is not redeployed automatically", true));
    }

    /** The service's pending pre-deploy, when the service is this config's. */
    private static PendingPreDeploy pending(ServiceConfig config, Optional<ServiceState> service) {
        return service.filter(s -> Ownership.serviceIsOurs(s.tags(), config))
                .flatMap(s -> PendingPreDeploy.of(s.tags())).orElse(null);
    }

    /** Why automatic deploys of this config wait now (a deploy-freeze window is on), or null. */
    private String frozen(ServiceConfig config) {
        return FreezeWindow.activeAt(config.deployFreeze(), clock.instant());
    }

    /** Why a hold or release cannot touch the config's service: missing, or another config's. */
    private static String notOurs(ServiceConfig config, Optional<ServiceState> service) {
        if (service.isEmpty()) {
            return "service " + config.service().serviceName() + " does not exist in cluster "
                    + config.service().cluster() + "; there is nothing to hold or release";
        }
        return Ownership.serviceIsOurs(service.get().tags(), config) ? null : "service "
                + config.service().serviceName() + " is not managed by config " + Ownership.configId(config)
                + " (its " + ServiceTags.CONFIG + " tag: " + service.get().tag(ServiceTags.CONFIG) + "); nothing was changed";
    }

    /** Why an item is not worked at all: names a command could not use, or another environment. */
    private String untrusted(WorkItem item) {
        if (!NameRules.isEnvironment(item.environment()) || !NameRules.isEcsName(item.service())) {
            return "not a work item this deployer writes (environment or service name invalid)";
        }
        if (environment.isPresent() && !environment.get().equals(item.environment())) {
            return "work item for environment '" + item.environment() + "'; this function manages '"
                    + environment.get() + "'";
        }
        return null;
    }

    /** A changed config is verified first: what would certainly fail the rollout holds it back. */
    private WorkResult configChange(String trigger, ServiceConfig config, Attempt attempt) {
        List<Finding> findings = accounts.of(config).verifier().verify(config);
        if (findings.stream().anyMatch(Finding::blocksRollout)) {
            return new WorkResult.Done(reporter.verified(trigger, config,
                    findings.stream().map(Finding::describe).toList()));
        }
        // verify covered the reach check (an unread grant blocks there).
        return apply(trigger, config, ReconcileRequest.configChange().frozenBy(frozen(config)),
                findings.stream().map(f -> "verify: " + f.describe()).toList(), attempt);
    }

    private WorkResult reconcile(String trigger, ServiceConfig config, ReconcileRequest request, List<String> notices,
                                 Attempt attempt) {
        // Before any write: the config may use only the task role and secrets granted to its service.
        // An AWS error here is thrown and retried like any other.
        List<Finding> ungranted = accounts.of(config).verifier().reach(config);
        if (!ungranted.isEmpty()) {
            return new WorkResult.Done(reporter.verified(trigger, config, ungranted.stream().map(Finding::describe).toList()));
        }
        return apply(trigger, config, request, notices, attempt);
    }

    private WorkResult apply(String trigger, ServiceConfig config, ReconcileRequest request, List<String> notices,
                             Attempt attempt) {
        try {
            AccountEdges edges = accounts.of(config);
            ReconcileOutcome outcome = edges.reconciler().reconcile(config, request, edges.live());
            ServiceReport report = reporter.reconciled(trigger, outcome, notices, attempt.last());
            boolean failed = outcome.result() != null && !outcome.result().succeeded();
            return failed ? retry(attempt, outcome.result().failedStep() + ": " + outcome.result().error(), report)
                    : new WorkResult.Done(report);
        } catch (EcrImages.ImageNotFound e) {
            // Not cured by retrying soon: reported, and the next push or config change deploys.
            return new WorkResult.Done(reporter.failed(trigger, config.environment(), config.name(),
                    config.service().cluster(), e.getMessage(), true));
        }
    }

    private WorkResult retry(Attempt attempt, String why, Report report) {
        return new WorkResult.Retry(backoff.after(attempt.number()), why, report);
    }
}
