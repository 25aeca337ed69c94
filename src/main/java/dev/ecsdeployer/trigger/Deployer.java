package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.ServiceReport;
import dev.ecsdeployer.trigger.Trigger.Command;
import dev.ecsdeployer.trigger.Trigger.EcrPush;
import dev.ecsdeployer.verify.Finding;
import dev.ecsdeployer.verify.ImagePlatforms;
import dev.ecsdeployer.verify.PlatformVerdict;
import dev.ecsdeployer.verify.Verifier;
import dev.ecsdeployer.work.WorkItem;
import dev.ecsdeployer.work.WorkQueue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The front: turns a trigger into work items, one per service it concerns, and sends them to the
 * work queue. It writes nothing in AWS but the queue: what a service needs is decided by the
 * worker's reconcile. What can be told at once (a config that is invalid, an image for the wrong
 * platform, a deleted config) is reported here and queues nothing.
 */
public final class Deployer {

    private static final ObjectMapper RAW = new ObjectMapper();

    private final DeployerSettings settings;
    private final SsmConfigStore store;
    private final ServiceConfigParser parser;
    private final Reconciler reconciler;
    private final ActualSource live;
    private final EcrImages images;
    private final DeployReporter reporter;
    private final Verifier verifier;
    private final WorkQueue queue;
    private final ImageOrigin origin;

    public Deployer(DeployerSettings settings, SsmConfigStore store, ServiceConfigParser parser, Reconciler reconciler,
                    ActualSource live, EcrImages images, DeployReporter reporter, Verifier verifier, WorkQueue queue,
                    ImageOrigin origin) {
        this.origin = origin;
        this.settings = settings;
        this.store = store;
        this.parser = parser;
        this.reconciler = reconciler;
        this.live = live;
        this.images = images;
        this.reporter = reporter;
        this.verifier = verifier;
        this.queue = queue;
    }

    public WorkQueue queue() {
        return queue;
    }

    /** A push: every service whose config follows this repository and tag gets a work item for the pushed digest. */
    public List<Object> push(EcrPush push) {
        List<Object> reports = new ArrayList<>();
        List<WorkItem> items = new ArrayList<>();
        ImagePlatforms platforms = null;
        for (EnvironmentDocuments env : environments()) {
            for (ConfigResult parsed : parser.parseEnvironment(env)) {
                String name = parsed.location().service();
                if (!follows(parsed, env.services().get(name), push)) {
                    continue;
                }
                if (!parsed.valid()) {
                    reports.add(reporter.rejected("ecr-push", env.environment(), name, parsed.errors()));
                    continue;
                }
                ServiceConfig config = parsed.config();
                String pushedTo = ImageRef.ecrRepositoryUri(push.account(), push.region(), push.repository());
                String registry = origin.registryOf(config);
                String uri = registry == null ? pushedTo : registry + "/" + push.repository();
                if (!uri.equals(pushedTo)) {
                    // Same repository name, another account or region: never deployed here.
                    reports.add(reporter.refused("ecr-push", config, push.repository() + "@" + push.digest(),
                            "pushed to " + pushedTo + " (account " + push.account() + ", region " + push.region()
                                    + "); this service deploys only from " + uri
                                    + (config.image().registry() == null ? " (the function's own account and region;"
                                    + " set image.registry to follow another registry)" : " (image.registry)")));
                    continue;
                }
                ImageRef image = new ImageRef(uri, push.digest(), push.tag());
                // Before anything is queued: an image that cannot run on the service's platform is refused.
                if (platforms == null) {
                    platforms = verifier.platformsOf(push.account(), push.repository(), push.digest());
                }
                PlatformVerdict verdict = PlatformVerdict.judge(config.taskDefinition().cpuArchitecture(),
                        image.image(), platforms);
                if (verdict.refused()) {
                    reports.add(reporter.refused("ecr-push", config, image.image(), verdict.refusal()));
                    continue;
                }
                items.add(WorkItem.push(env.environment(), config.name(), push.eventId(), image.image(), push.tag(),
                        push.time(), verdict.notices()));
            }
        }
        reports.addAll(dispatch("ecr-push", items, List.of()));
        return reports;
    }

    /** {@code plan}: what a deploy would change, nothing applied. */
    public List<ServiceReport> plan(Command command) {
        ConfigResult parsed = commandConfig(command);
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.command(), command.environment(), command.service(),
                    parsed.errors()));
        }
        ServiceConfig config = parsed.config();
        try {
            ReconcileOutcome planned = reconciler.reconcile(config,
                    ReconcileRequest.operator(commandImage(command, config), false, null), live);
            return List.of(reporter.reconciled(command.command(), planned, List.of(), true));
        } catch (EcrImages.ImageNotFound e) {
            return List.of(reporter.failed(command.command(), config.environment(), config.name(),
                    config.service().cluster(), e.getMessage(), true));
        }
    }

    /**
     * {@code deploy}: an operator's deploy of one service to a tag (default: the followed tag) or a
     * digest. Answered with the plan computed now and the work item queued (or, inline, its result).
     */
    public List<Object> deploy(Command command, String requestId) {
        ConfigResult parsed = commandConfig(command);
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.command(), command.environment(), command.service(),
                    parsed.errors()));
        }
        ServiceConfig config = parsed.config();
        try {
            ImageRef image = commandImage(command, config);
            ReconcileOutcome planned = reconciler.reconcile(config, ReconcileRequest.operator(image, false, null),
                    live);
            WorkItem item = WorkItem.deploy(config.environment(), config.name(), requestId, image.image(),
                    Instant.now());
            return dispatch(command.command(), List.of(item), List.of(planned));
        } catch (EcrImages.ImageNotFound e) {
            return List.of(reporter.failed(command.command(), config.environment(), config.name(),
                    config.service().cluster(), e.getMessage(), true));
        }
    }

    /**
     * A config was created, updated or deleted. A service's change queues that service; a
     * {@code _defaults} change queues every service of the environment, one item each; a deletion is
     * reported and nothing in AWS is deleted.
     */
    public List<Object> configChanged(Trigger.ParameterChange change, String eventId) {
        ConfigLocation location = ConfigLocation.fromParameterName(settings.configPrefix(), change.parameterName())
                .orElseThrow(() -> new InvalidEventException("parameter " + change.parameterName()
                        + " is not a config: configs are /" + settings.configPrefix() + "/<environment>/<service>"));
        if (settings.environment().isPresent() && !settings.environment().get().equals(location.environment())) {
            return List.of();
        }
        if ("Delete".equals(change.operation()) && !location.isDefaults()) {
            return List.of(reporter.configDeleted(location.environment(), location.service(),
                    "config " + location.parameterName() + " was deleted; the deployer deletes nothing in AWS:"
                            + " the service keeps running as it is"));
        }
        // The whole environment is read: a config that is invalid, or names another's service, family or
        // log group, is rejected here (naming the other) and nothing is queued for it.
        EnvironmentDocuments env = store.readEnvironment(location.prefix(), location.environment());
        List<Object> out = new ArrayList<>();
        List<WorkItem> items = new ArrayList<>();
        for (ConfigResult parsed : parser.parseEnvironment(env)) {
            String name = parsed.location().service();
            if (!location.isDefaults() && !name.equals(location.service())) {
                continue;
            }
            if (!parsed.valid()) {
                out.add(reporter.rejected("config-change", location.environment(), name, parsed.errors()));
            } else {
                items.add(WorkItem.configChange(location.environment(), name, eventId));
            }
        }
        if (!location.isDefaults() && !env.services().containsKey(location.service())) {
            items.add(WorkItem.configChange(location.environment(), location.service(), eventId));
        }
        out.addAll(dispatch("config-change", items, List.of()));
        return out;
    }

    /**
     * An ECS deployment changed state: queued for the service's config (the outcome updates what the
     * deployer recorded on the service, so it must not interleave with a rollout of that service).
     */
    public List<Object> deploymentChanged(Trigger.DeploymentStateChange change, String eventId) {
        Optional<ServiceConfig> owner = configManaging(change.cluster(), change.service());
        if (owner.isEmpty()) {
            return List.of(Map.of("cluster", change.cluster(), "service", change.service(),
                    "deploymentId", change.deploymentId(), "outcome", DeploymentOutcomes.Outcome.UNMATCHED.name(),
                    "reason", "no config of this deployer manages " + change.cluster() + "/" + change.service()));
        }
        WorkItem.Deployment deployment = new WorkItem.Deployment(change.cluster(), change.service(),
                change.eventName(), change.deploymentId(), change.reason(), change.updatedAt());
        return dispatch("deployment-state-change", List.of(WorkItem.outcome(owner.get().environment(),
                owner.get().name(), eventId, deployment)), List.of());
    }

    /** Sends items; queued ones are reported as such, with their plan when one was computed. */
    List<Object> dispatch(String trigger, List<WorkItem> items, List<ReconcileOutcome> plans) {
        if (items.isEmpty()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        List<WorkQueue.Dispatched> sent = queue.send(items);
        for (int i = 0; i < sent.size(); i++) {
            WorkQueue.Dispatched d = sent.get(i);
            if (d.result() != null) {
                out.add(d.result());
            } else {
                ReconcileOutcome plan = i < plans.size() ? plans.get(i) : null;
                out.add(reporter.queued(trigger, d.item(), d.messageId(), plan == null ? null : plan.plan().changes(),
                        d.item().image()));
            }
        }
        return out;
    }

    /** The image a command names: its digest, its tag, or the followed tag, resolved in ECR now. */
    private ImageRef commandImage(Command command, ServiceConfig config) {
        String tag = command.digest() == null && command.tag() == null ? config.image().tag() : command.tag();
        return images.resolve(config.image().registry(), config.image().repository(), tag, command.digest()).image();
    }

    /** The config (with its environment's defaults) a command names; a clear error when there is none. */
    private ConfigResult commandConfig(Command command) {
        ConfigLocation location = new ConfigLocation(settings.configPrefix(), command.environment(), command.service());
        SsmConfigStore.ServiceDocument doc = store.readService(location);
        return parser.parse(location, doc.document()
                .orElseThrow(() -> new InvalidEventException("no config at " + location.parameterName())),
                doc.defaults());
    }

    /** The valid config whose service is this one, if any. */
    private Optional<ServiceConfig> configManaging(String cluster, String service) {
        for (EnvironmentDocuments env : environments()) {
            for (ConfigResult parsed : parser.parseEnvironment(env)) {
                if (parsed.valid() && cluster.equals(parsed.config().service().cluster())
                        && service.equals(parsed.config().service().serviceName())) {
                    return Optional.of(parsed.config());
                }
            }
        }
        return Optional.empty();
    }

    /** Every environment this function manages, or only the one named. */
    public List<EnvironmentDocuments> environments(String only) {
        if (only != null) {
            return List.of(store.readEnvironment(settings.configPrefix(), only));
        }
        return environments();
    }

    /** {@code verify} on direct command: what the service's config points at in AWS exists and fits. */
    public List<ServiceReport> verify(Command command) {
        ConfigResult parsed = commandConfig(command);
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.command(), command.environment(), command.service(),
                    parsed.errors()));
        }
        return List.of(reporter.verified(command.command(), parsed.config(),
                verifier.verify(parsed.config()).stream().map(Finding::describe).toList()));
    }

    List<EnvironmentDocuments> environments() {
        return settings.environment()
                .map(env -> List.of(store.readEnvironment(settings.configPrefix(), env)))
                .orElseGet(() -> List.copyOf(store.readAll(settings.configPrefix()).values()));
    }

    /** A fresh id for work an operator's command starts (it has no event id). */
    static String commandId(String requestId) {
        return requestId != null ? requestId : UUID.randomUUID().toString();
    }

    /**
     * Whether a config follows the pushed repository and tag. An invalid config is matched on the
     * repository its raw document names, so that a broken config for this repository is reported
     * ({@code Config Rejected}), not silently skipped.
     */
    private static boolean follows(ConfigResult parsed, String raw, EcrPush push) {
        if (parsed.valid()) {
            return push.repository().equals(parsed.config().image().repository())
                    && push.tag().equals(parsed.config().image().tag());
        }
        return push.repository().equals(rawRepository(raw));
    }

    /** {@code image.repository} of a document that failed validation, if it can be read at all. */
    private static String rawRepository(String raw) {
        try {
            return RAW.readTree(raw).path("image").path("repository").asText(null);
        } catch (IOException e) {
            return null; // Not JSON: it cannot be matched to a repository, so it is not this push's.
        }
    }
}
