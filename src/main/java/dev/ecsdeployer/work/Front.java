package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.actual.EcrImages;
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
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.OutcomeReport;
import dev.ecsdeployer.report.Report;
import dev.ecsdeployer.report.ServiceReport;
import dev.ecsdeployer.verify.Finding;
import dev.ecsdeployer.verify.ImagePlatforms;
import dev.ecsdeployer.verify.PlatformVerdict;
import dev.ecsdeployer.trigger.InvalidEventException;
import dev.ecsdeployer.trigger.Trigger;
import dev.ecsdeployer.workitem.WorkItem;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The front: turns a trigger into work items, one per service it concerns, and sends them to the
 * work queue. It writes nothing in AWS but the queue: what a service needs is decided by the
 * worker's reconcile. What can be told at once (a config that is invalid, an image from elsewhere or
 * for the wrong platform, a deleted config) is reported here and queues nothing.
 */
public final class Front {

    private static final ObjectMapper RAW = new ObjectMapper();

    /** Finds an ECS service with its tags (one DescribeServices). */
    @FunctionalInterface
    public interface ServiceLookup {
        Optional<ServiceState> describe(String cluster, String service);
    }

    private final String configPrefix;
    private final Optional<String> environment;
    private final SsmConfigStore store;
    private final ServiceConfigParser parser;
    private final Accounts accounts;
    private final EcrImages images;
    private final DeployReporter reporter;
    private final WorkQueue queue;
    private final ImageOrigin origin;
    private final Clock clock;

    /** @param environment the one environment this function manages, when it has one */
    public Front(String configPrefix, Optional<String> environment, SsmConfigStore store, ServiceConfigParser parser,
                 Accounts accounts, EcrImages images, DeployReporter reporter, WorkQueue queue, ImageOrigin origin,
                 Clock clock) {
        this.configPrefix = configPrefix;
        this.environment = environment;
        this.store = store;
        this.parser = parser;
        this.accounts = accounts;
        this.images = images;
        this.reporter = reporter;
        this.queue = queue;
        this.origin = origin;
        this.clock = clock;
    }

    public WorkQueue queue() {
        return queue;
    }

    /** A push: every service whose config follows this repository and tag gets a work item for the pushed digest. */
    public List<Report> push(Trigger.EcrPush push) {
        List<Report> reports = new ArrayList<>();
        List<WorkItem> items = new ArrayList<>();
        ImagePlatforms platforms = null;
        ImageRef pushed = new ImageRef(ImageRef.ecrRepositoryUri(push.account(), push.region(), push.repository()),
                push.digest(), push.tag());
        // Never later than now: a push from the future would make every real push look older.
        Instant pushedAt = push.time() == null || push.time().isAfter(clock.instant()) ? clock.instant() : push.time();
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
                String refused = origin.refusal(config, pushed);
                if (refused != null) {
                    // Same repository name, another account or region (or an account not known): never deployed here.
                    reports.add(reporter.refused("ecr-push", config, pushed.image(), refused));
                    continue;
                }
                // Before anything is queued: an image that cannot run on the service's platform is refused.
                if (platforms == null) {
                    // Read in the registry (the pushing account), with the function's own credentials.
                    platforms = accounts.of((AccountConfig) null).verifier()
                            .platformsOf(push.account(), push.repository(), push.digest());
                }
                PlatformVerdict verdict = PlatformVerdict.judge(config.taskDefinition().cpuArchitecture(),
                        pushed.image(), platforms);
                if (verdict.refused()) {
                    reports.add(reporter.refused("ecr-push", config, pushed.image(), verdict.refusal()));
                    continue;
                }
                items.add(new WorkItem.Push(env.environment(), config.name(), push.eventId(), pushed.image(),
                        push.tag(), pushedAt, verdict.notices()));
            }
        }
        reports.addAll(dispatch("ecr-push", items));
        return reports;
    }

    /** {@code plan}: what a deploy would change, nothing applied. */
    public List<Report> plan(Trigger.Plan command) {
        ConfigResult parsed = commandConfig(command.environment(), command.service());
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.name(), command.environment(), command.service(),
                    parsed.errors()));
        }
        ServiceConfig config = parsed.config();
        try {
            AccountEdges edges = accounts.of(config);
            ReconcileOutcome planned = edges.reconciler().reconcile(config,
                    ReconcileRequest.operator(commandImage(command.tag(), command.digest(), config), false, null),
                    edges.live());
            return List.of(reporter.reconciled(command.name(), planned, List.of(), true));
        } catch (EcrImages.ImageNotFound e) {
            return List.of(reporter.failed(command.name(), config.environment(), config.name(),
                    config.service().cluster(), e.getMessage(), true));
        }
    }

    /**
     * {@code deploy}: an operator's deploy of one service to a tag (default: the followed tag) or a
     * digest. The image is resolved now (a tag moves); the one reconcile is the worker's, so the answer
     * is the queued item (or, inline, its result). {@code plan} shows the changes beforehand.
     */
    public List<Report> deploy(Trigger.Deploy command, String requestId) {
        return forService(command, command.service(), command.force(), config -> {
            try {
                return deployImage(command, config, commandImage(command.tag(), command.digest(), config), requestId);
            } catch (EcrImages.ImageNotFound e) {
                return List.of(reporter.failed(command.name(), config.environment(), config.name(),
                        config.service().cluster(), e.getMessage(), true));
            }
        });
    }

    /** {@code hold}: queued for the service like its pushes, so a push queued before it still deploys. */
    public List<Report> hold(Trigger.Hold command, String requestId) {
        return forService(command, command.service(), true, config -> dispatch(command.name(), List.of(
                new WorkItem.Hold(config.environment(), config.name(), requestId, command.reason(), clock.instant()))));
    }

    /** {@code release}: queued for the service like its pushes. */
    public List<Report> release(Trigger.Release command, String requestId) {
        return forService(command, command.service(), command.force(), config -> dispatch(command.name(), List.of(
                new WorkItem.Release(config.environment(), config.name(), requestId,
                        command.force() ? Boolean.TRUE : null))));
    }

    /**
     * {@code rollback}: an operator's deploy of the last image whose deployment completed before the
     * one running now (recorded on the service when ECS reported it complete). Like any operator
     * deploy it sticks: pushes from before it are not deployed automatically over it.
     */
    public List<Report> rollback(Trigger.Rollback command, String requestId) {
        return forService(command, command.service(), command.force(), config -> {
            Optional<ServiceState> service = accounts.of(config).services().describe(config.service().cluster(),
                    config.service().serviceName());
            ImageRef image = ImageRef.parse(service.map(s -> ServiceTags.rollbackImage(s.tags())).orElse(null));
            if (image == null) {
                return List.of(reporter.skipped(command.name(), config.environment(), config.name(), "no completed"
                        + " deployment of another image is recorded on service " + config.service().serviceName()
                        + " (the deployer records one when ECS reports a deployment complete); deploy a known good"
                        + " image with {\"command\":\"deploy\",...,\"digest\":\"sha256:...\"}"));
            }
            return deployImage(command, config, image, requestId);
        });
    }

    /**
     * A command for one service: its config must exist and be valid (the deployer manages it), and,
     * unless the command cannot deploy or is forced, no deploy freeze may be on.
     */
    private List<Report> forService(Trigger.Command command, String service, boolean force,
                                    Function<ServiceConfig, List<Report>> work) {
        ConfigResult parsed = commandConfig(command.environment(), service);
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.name(), command.environment(), service, parsed.errors()));
        }
        ServiceConfig config = parsed.config();
        String frozen = frozen(command.name(), config, force);
        if (frozen != null) {
            return List.of(reporter.skipped(command.name(), config.environment(), config.name(), frozen));
        }
        return work.apply(config);
    }

    /** An operator's deploy of an image from the service's own registry and repository, queued for the service. */
    private List<Report> deployImage(Trigger.Command command, ServiceConfig config, ImageRef image, String requestId) {
        String refused = origin.refusal(config, image);
        if (refused != null) {
            return List.of(reporter.refused(command.name(), config, image.image(), refused));
        }
        return dispatch(command.name(), List.of(new WorkItem.Deploy(config.environment(), config.name(),
                requestId, image.image(), clock.instant())));
    }

    /** Why a command that deploys may not now: a deploy freeze is on and it is not forced. */
    private String frozen(String command, ServiceConfig config, boolean force) {
        String freeze = force ? null : FreezeWindow.activeAt(config.deployFreeze(), clock.instant());
        return freeze == null ? null : freeze + ": '" + command + "' deploys only with \"force\": true";
    }

    /**
     * A config was created, updated or deleted. A service's change queues that service; a
     * {@code _defaults} change queues every service of the environment, one item each; a deletion is
     * reported and nothing in AWS is deleted.
     */
    public List<Report> configChanged(Trigger.ParameterChange change, String eventId) {
        String parameterName = change.parameterName();
        ConfigLocation location = ConfigLocation.fromParameterName(configPrefix, parameterName)
                .orElseThrow(() -> new InvalidEventException("parameter " + parameterName
                        + " is not a config: configs are /" + configPrefix + "/<environment>/<service>"));
        if (environment.isPresent() && !environment.get().equals(location.environment())) {
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
        List<Report> out = new ArrayList<>();
        List<WorkItem> items = new ArrayList<>();
        for (ConfigResult parsed : parser.parseEnvironment(env)) {
            String name = parsed.location().service();
            if (!location.isDefaults() && !name.equals(location.service())) {
                continue;
            }
            if (!parsed.valid()) {
                out.add(reporter.rejected("config-change", location.environment(), name, parsed.errors()));
            } else {
                items.add(new WorkItem.ConfigChange(location.environment(), name, eventId));
            }
        }
        if (!location.isDefaults() && !env.services().containsKey(location.service())) {
            items.add(new WorkItem.ConfigChange(location.environment(), location.service(), eventId));
        }
        out.addAll(dispatch("config-change", items));
        return out;
    }

    /**
     * An ECS deployment changed state: queued for the service's config (the outcome updates what the
     * deployer recorded on the service, so it must not interleave with a rollout of that service). The
     * config is the one the service's {@code ecs-deployer:config} tag names, if it still manages it.
     */
    public List<Report> deploymentChanged(Trigger.DeploymentStateChange change, String eventId) {
        Optional<ServiceConfig> owner = owner(change.account(), change.cluster(), change.service());
        if (owner.isEmpty()) {
            return List.of(OutcomeReport.unmatched(change.cluster(), change.service(), change.deploymentId(),
                    "no config of this deployer manages " + change.cluster() + "/" + change.service()));
        }
        WorkItem.Deployment deployment = new WorkItem.Deployment(change.cluster(), change.service(),
                change.eventName(), change.deploymentId(), change.reason(), change.updatedAt(), change.account());
        return dispatch("deployment-state-change", List.of(new WorkItem.Outcome(owner.get().environment(),
                owner.get().name(), eventId, deployment)));
    }

    /**
     * A pre-deploy task stopped: queued for the service whose config runs that task family in that
     * cluster (families are one config's each), like its pushes, so that the rollout it may release
     * never interleaves with another of the service's items. The service's container's exit is taken.
     */
    public List<Report> taskStopped(Trigger.TaskStopped stopped, String eventId) {
        for (EnvironmentDocuments env : environments()) {
            for (ConfigResult parsed : parser.parseEnvironment(env)) {
                ServiceConfig config = parsed.config();
                if (!parsed.valid() || !config.service().cluster().equals(stopped.cluster())
                        || !config.taskDefinition().family().equals(stopped.family())) {
                    continue;
                }
                Trigger.ContainerExit exit = stopped.containers().stream()
                        .filter(c -> config.taskDefinition().containerName().equals(c.name())).findFirst()
                        .orElse(new Trigger.ContainerExit(config.taskDefinition().containerName(), null, null));
                return dispatch("pre-deploy", List.of(new WorkItem.PreDeployStopped(config.environment(),
                        config.name(), eventId, stopped.taskArn(), stopped.taskDefinitionArn(), exit.name(),
                        exit.exitCode(), exit.reason(), stopped.stopCode(), stopped.stoppedReason())));
            }
        }
        return List.of(OutcomeReport.unmatched(stopped.cluster(), null, null, "pre-deploy task " + stopped.taskArn()
                + ": no valid config of this deployer runs task family " + stopped.family() + " in cluster "
                + stopped.cluster()));
    }

    /** {@code verify} on direct command: what the service's config points at in AWS exists and fits. */
    public List<Report> verify(Trigger.Verify command) {
        ConfigResult parsed = commandConfig(command.environment(), command.service());
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.name(), command.environment(), command.service(),
                    parsed.errors()));
        }
        return List.of(reporter.verified(command.name(), parsed.config(),
                accounts.of(parsed.config()).verifier().verify(parsed.config()).stream().map(Finding::describe)
                        .toList()));
    }

    /** Sends items; queued ones are reported as such, worked ones (no queue) with their result. */
    List<Report> dispatch(String trigger, List<WorkItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        List<Report> out = new ArrayList<>();
        for (WorkQueue.Dispatched d : queue.send(items)) {
            switch (d) {
                case WorkQueue.Worked worked -> {
                    if (worked.report() != null) {
                        out.add(worked.report());
                    }
                }
                case WorkQueue.Queued queued -> out.add(reporter.queued(trigger, queued.item(), queued.messageId(),
                        null, image(queued.item())));
            }
        }
        return out;
    }

    private static String image(WorkItem item) {
        return switch (item) {
            case WorkItem.Push p -> p.image();
            case WorkItem.Deploy d -> d.image();
            case WorkItem.ConfigChange c -> null;
            case WorkItem.Heal h -> null;
            case WorkItem.Outcome o -> null;
            case WorkItem.Hold h -> null;
            case WorkItem.Release r -> null;
            case WorkItem.PreDeployStopped p -> null;
            case WorkItem.PreDeployTimedOut p -> null;
        };
    }

    /** The image a command names: its digest, its tag, or the followed tag, resolved in ECR now. */
    private ImageRef commandImage(String tag, String digest, ServiceConfig config) {
        String resolvedTag = digest == null && tag == null ? config.image().tag() : tag;
        return images.resolve(config.image().registry(), config.image().repository(), resolvedTag, digest).image();
    }

    /** The config (with its environment's defaults) a command names; a clear error when there is none. */
    private ConfigResult commandConfig(String environmentName, String service) {
        ConfigLocation location = new ConfigLocation(configPrefix, environmentName, service);
        SsmConfigStore.ServiceDocument doc = store.readService(location);
        return parser.parse(location, doc.document()
                .orElseThrow(() -> new InvalidEventException("no config at " + location.parameterName())),
                doc.defaults());
    }

    /** The valid config of this deployer that manages the ECS service, if one does (read: its tag, then SSM). */
    public Optional<ServiceConfig> ownerOf(String account, String cluster, String service) {
        return owner(account, cluster, service);
    }

    /**
     * The ECS service's managing config, as {@link #ownerOf}, with the documents it was read from: its own and
     * its environment's {@code _defaults}, so that exactly that service can be checked.
     */
    public Optional<Managed> managed(String account, String cluster, String service) {
        return managedBy(account, cluster, service);
    }

    /** A service's valid config and the documents of its environment it comes from (that service's only). */
    public record Managed(ServiceConfig config, EnvironmentDocuments documents) {
    }

    private Optional<ServiceConfig> owner(String account, String cluster, String service) {
        return managedBy(account, cluster, service).map(Managed::config);
    }

    /**
     * The config that manages this ECS service: the one its {@code ecs-deployer:config} tag names
     * ({@code <environment>/<service>}), when that config exists, is valid, is in an environment this
     * function manages, and still names this cluster and service.
     */
    private Optional<Managed> managedBy(String account, String cluster, String service) {
        Optional<AccountConfig> in = accountOf(account);
        if (in == null) {
            return Optional.empty(); // an account no environment of this deployer lives in
        }
        String tag = accounts.of(in.orElse(null)).services().describe(cluster, service)
                .map(s -> s.tag(ServiceTags.CONFIG)).orElse(null);
        if (tag == null || tag.indexOf('/') <= 0) {
            return Optional.empty();
        }
        String env = tag.substring(0, tag.indexOf('/'));
        String name = tag.substring(tag.indexOf('/') + 1);
        if ((environment.isPresent() && !environment.get().equals(env))
                || !NameRules.isEnvironment(env) || !NameRules.isEcsName(name)) {
            return Optional.empty(); // Another deployment of the deployer, or a tag it did not write.
        }
        ConfigLocation location = new ConfigLocation(configPrefix, env, name);
        SsmConfigStore.ServiceDocument doc = store.readService(location);
        if (doc.document().isEmpty()) {
            return Optional.empty();
        }
        ConfigResult parsed = parser.parse(location, doc.document().get(), doc.defaults());
        return parsed.valid() && cluster.equals(parsed.config().service().cluster())
                && service.equals(parsed.config().service().serviceName())
                && Objects.equals(in.orElse(null), parsed.config().account())
                ? Optional.of(new Managed(parsed.config(), new EnvironmentDocuments(configPrefix, env, doc.defaults(),
                        Map.of(name, doc.document().get()))))
                : Optional.empty();
    }

    /**
     * The environment account a service event comes from: empty for the function's own (or an event that
     * names none), the account config of the environment that lives there, or null when none does.
     */
    private Optional<AccountConfig> accountOf(String account) {
        if (account == null || account.equals(origin.account().get().orElse(null))) {
            return Optional.empty();
        }
        // Only the _defaults documents name accounts: one read for the environment this function manages.
        List<String> defaults = environment
                .map(env -> Collections.singletonList(store.readDefaults(configPrefix, env)))
                .orElseGet(() -> environments().stream().map(EnvironmentDocuments::defaults).toList());
        for (String doc : defaults) {
            AccountConfig named = parser.accountOf(doc);
            if (named != null && account.equals(named.id())) {
                return Optional.of(named);
            }
        }
        return origin.account().get().isEmpty() ? Optional.empty() : null;
    }

    /** {@code _defaults} and only the named configs of one environment (a drift-check shard's). */
    public EnvironmentDocuments environment(String environment, List<String> services) {
        return store.readServices(configPrefix, environment, services);
    }

    /** Every environment this function manages, or only the one named. */
    public List<EnvironmentDocuments> environments(String only) {
        if (only != null) {
            return List.of(store.readEnvironment(configPrefix, only));
        }
        return environments();
    }

    /** The environment a check is about: the one named, else the one this function manages, else null (all). */
    public String oneEnvironment(String named) {
        return named != null ? named : environment.orElse(null);
    }

    /** One environment's documents, {@code size} at a time as SSM pages them (a drift check's way in). */
    public void environmentInChunks(String env, int size, java.util.function.Consumer<SsmConfigStore.Chunk> chunk) {
        store.readEnvironmentInChunks(configPrefix, env, size, chunk);
    }

    List<EnvironmentDocuments> environments() {
        return environment
                .map(env -> List.of(store.readEnvironment(configPrefix, env)))
                .orElseGet(() -> List.copyOf(store.readAll(configPrefix).values()));
    }

    /**
     * Whether a config follows the pushed repository and tag. An invalid config is matched on the
     * repository its raw document names, so that a broken config for this repository is reported
     * ({@code Config Rejected}), not silently skipped.
     */
    private static boolean follows(ConfigResult parsed, String raw, Trigger.EcrPush push) {
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
