package dev.ecsdeployer.trigger;

import dev.ecsdeployer.actual.ActualSource;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.apply.ReconcileRequest;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.config.SsmConfigStore.ServiceDocument;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.config.NameRules;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.Redaction;
import dev.ecsdeployer.verify.Finding;
import dev.ecsdeployer.verify.Verifier;
import dev.ecsdeployer.work.WorkItem;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.List;
import java.util.Optional;

/**
 * Works one item for one service: re-reads the service's config and actual state (level-triggered),
 * reconciles, reports. A failure that another attempt may cure (an AWS error, a step that failed
 * part-way) is answered with {@code retry}, so the queue delivers the item again; only the last
 * attempt's failure is announced as a failed deployment.
 */
public final class Worker {

    /** What working an item gave: its report (a ServiceReport, or an outcome's detail), and whether to retry. */
    public record Result(Object report, boolean retry, String error) {
    }

    private final String configPrefix;
    private final Optional<String> environment;
    private final ImageOrigin origin;
    private final SsmConfigStore store;
    private final ServiceConfigParser parser;
    private final Reconciler reconciler;
    private final ActualSource live;
    private final DeployReporter reporter;
    private final Verifier verifier;
    private final DeploymentOutcomes outcomes;

    /** @param environment the one environment this function manages, when it has one */
    public Worker(String configPrefix, Optional<String> environment, ImageOrigin origin, SsmConfigStore store,
                  ServiceConfigParser parser, Reconciler reconciler, ActualSource live, DeployReporter reporter,
                  Verifier verifier, DeploymentOutcomes outcomes) {
        this.configPrefix = configPrefix;
        this.environment = environment;
        this.origin = origin;
        this.store = store;
        this.parser = parser;
        this.reconciler = reconciler;
        this.live = live;
        this.reporter = reporter;
        this.verifier = verifier;
        this.outcomes = outcomes;
    }

    /** @param finalAttempt no retry follows this attempt (inline mode, or the queue's last receive) */
    public Result process(WorkItem item, boolean finalAttempt) {
        String trigger = trigger(item);
        String untrusted = untrusted(item);
        if (untrusted != null) {
            // Whoever can put an item on the queue (or invoke with an SQS-shaped event) gets no more
            // than a command would: the same names, the same environment binding.
            return done(reporter.skipped(trigger, Redaction.maskText(item.environment()),
                    Redaction.maskText(item.service()), untrusted));
        }
        try {
            if (item.kind() == WorkItem.Kind.OUTCOME) {
                return new Result(outcomes.handle(item.environment(), item.deployment()), false, null);
            }
            ConfigLocation location = new ConfigLocation(configPrefix, item.environment(), item.service());
            ServiceDocument doc = store.readService(location);
            if (doc.document().isEmpty()) {
                return done(reporter.configDeleted(item.environment(), item.service(), "config "
                        + location.parameterName() + " no longer exists; nothing was changed"));
            }
            ConfigResult parsed = parser.parse(location, doc.document().get(), doc.defaults());
            if (!parsed.valid()) {
                return done(reporter.rejected(trigger, item.environment(), item.service(), parsed.errors()));
            }
            ServiceConfig config = parsed.config();
            return switch (item.kind()) {
                case PUSH -> push(trigger, config, item, finalAttempt);
                case CONFIG_CHANGE -> configChange(trigger, config, finalAttempt);
                case HEAL -> reconcile(trigger, config, ReconcileRequest.heal(), List.of(), finalAttempt);
                case DEPLOY -> deploy(trigger, config, item, finalAttempt);
                case OUTCOME -> throw new IllegalStateException("handled above");
            };
        } catch (SdkException e) {
            return new Result(reporter.failed(trigger, item.environment(), item.service(), null,
                    "AWS error: " + e.getMessage(), finalAttempt), true, e.getMessage());
        }
    }

    private Result push(String trigger, ServiceConfig config, WorkItem item, boolean finalAttempt) {
        ImageRef pushed = ImageRef.parse(item.image());
        // Level-triggered: the config may have changed since the push was queued.
        if (origin.refusal(config, pushed) != null || !config.image().tag().equals(item.tag())) {
            return done(reporter.skipped(trigger, item.environment(), item.service(), "the config no longer follows "
                    + item.image() + " tag " + item.tag() + "; it follows " + config.image().repository() + ":"
                    + config.image().tag()));
        }
        ImageRef image = new ImageRef(pushed.repositoryUri(), pushed.digest(), item.tag());
        return reconcile(trigger, config, ReconcileRequest.push(image, item.pushedAt()), item.noticesOrEmpty(),
                finalAttempt);
    }

    /** An operator's deploy, of an image from the service's own registry and repository only. */
    private Result deploy(String trigger, ServiceConfig config, WorkItem item, boolean finalAttempt) {
        ImageRef image = ImageRef.parse(item.image());
        String refused = origin.refusal(config, image);
        if (refused != null) {
            return done(reporter.skipped(trigger, config.environment(), config.name(), refused));
        }
        return reconcile(trigger, config, ReconcileRequest.operator(image, true, item.requestedAt()), List.of(),
                finalAttempt);
    }

    /** Why an item is not worked at all: names a command could not use, or another environment. */
    private String untrusted(WorkItem item) {
        if (item.kind() == null || !NameRules.isEnvironment(item.environment()) || !NameRules.isEcsName(item.service())) {
            return "not a work item this deployer writes (kind, environment or service name invalid)";
        }
        if (environment.isPresent() && !environment.get().equals(item.environment())) {
            return "work item for environment '" + item.environment() + "'; this function manages '"
                    + environment.get() + "'";
        }
        return null;
    }

    /** A changed config is verified first: what would certainly fail the rollout holds it back. */
    private Result configChange(String trigger, ServiceConfig config, boolean finalAttempt) {
        List<Finding> findings = verifier.verify(config);
        if (findings.stream().anyMatch(Finding::blocksRollout)) {
            return done(reporter.verified(trigger, config, findings.stream().map(Finding::describe).toList()));
        }
        return reconcile(trigger, config, ReconcileRequest.configChange(),
                findings.stream().map(f -> "verify: " + f.describe()).toList(), finalAttempt);
    }

    private Result reconcile(String trigger, ServiceConfig config, ReconcileRequest request, List<String> notices,
                             boolean finalAttempt) {
        try {
            ReconcileOutcome outcome = reconciler.reconcile(config, request, live);
            boolean failed = outcome.result() != null && !outcome.result().succeeded();
            return new Result(reporter.reconciled(trigger, outcome, notices, finalAttempt), failed,
                    failed ? outcome.result().failedStep() + ": " + outcome.result().error() : null);
        } catch (EcrImages.ImageNotFound e) {
            // Not cured by retrying soon: reported, and the next push or config change deploys.
            return done(reporter.failed(trigger, config.environment(), config.name(), config.service().cluster(),
                    e.getMessage(), true));
        }
    }

    private static Result done(Object report) {
        return new Result(report, false, null);
    }

    private static String trigger(WorkItem item) {
        return switch (item.kind()) {
            case PUSH -> "ecr-push";
            case CONFIG_CHANGE -> "config-change";
            case HEAL -> "drift-heal";
            case DEPLOY -> "deploy";
            case OUTCOME -> "deployment-state-change";
        };
    }
}
