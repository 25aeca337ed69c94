package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.actual.EcrImages;
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
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes a trigger to the services it concerns and reconciles each one. One service's failure
 * (bad config, missing image, AWS error) is reported and never stops the others.
 */
public final class Deployer {

    private static final ObjectMapper RAW = new ObjectMapper();

    private final DeployerSettings settings;
    private final SsmConfigStore store;
    private final ServiceConfigParser parser;
    private final Reconciler reconciler;
    private final EcrImages images;
    private final DeployReporter reporter;
    private final Verifier verifier;

    public Deployer(DeployerSettings settings, SsmConfigStore store, ServiceConfigParser parser,
                    Reconciler reconciler, EcrImages images, DeployReporter reporter, Verifier verifier) {
        this.verifier = verifier;
        this.settings = settings;
        this.store = store;
        this.parser = parser;
        this.reconciler = reconciler;
        this.images = images;
        this.reporter = reporter;
    }

    /** A push: every service whose config follows this repository and tag runs the pushed digest. */
    public List<ServiceReport> push(EcrPush push) {
        List<ServiceReport> reports = new ArrayList<>();
        ImagePlatforms platforms = null;
        for (EnvironmentDocuments env : environments()) {
            for (Map.Entry<String, String> doc : env.services().entrySet()) {
                ConfigLocation location = new ConfigLocation(env.prefix(), env.environment(), doc.getKey());
                ConfigResult parsed = parser.parse(location, doc.getValue(), env.defaults());
                if (!follows(parsed, doc.getValue(), push)) {
                    continue;
                }
                if (!parsed.valid()) {
                    reports.add(reporter.rejected("ecr-push", env.environment(), doc.getKey(), parsed.errors()));
                    continue;
                }
                ServiceConfig config = parsed.config();
                String registry = config.image().registry();
                String uri = registry != null ? registry + "/" + push.repository()
                        : ImageRef.ecrRepositoryUri(push.account(), push.region(), push.repository());
                ImageRef image = new ImageRef(uri, push.digest(), push.tag());
                // Before anything is registered: an image that cannot run on the service's platform is refused.
                if (platforms == null) {
                    platforms = verifier.platformsOf(push.account(), push.repository(), push.digest());
                }
                PlatformVerdict verdict = PlatformVerdict.judge(config.taskDefinition().cpuArchitecture(),
                        image.image(), platforms);
                if (verdict.refused()) {
                    reports.add(reporter.refused("ecr-push", config, image.image(), verdict.refusal()));
                    continue;
                }
                reports.add(reconcile("ecr-push", config, image, push.time(), true, Reconciler.Mode.APPLY_FAST,
                        verdict.notices()));
            }
        }
        return reports;
    }

    /** An operator's deploy or plan of one service, to a tag (default: the followed tag) or a digest. */
    public List<ServiceReport> command(Command command) {
        ConfigResult parsed = commandConfig(command);
        if (!parsed.valid()) {
            return List.of(reporter.rejected(command.command(), command.environment(), command.service(),
                    parsed.errors()));
        }
        ServiceConfig config = parsed.config();
        String tag = command.digest() == null && command.tag() == null ? config.image().tag() : command.tag();
        try {
            EcrImages.Resolved image = images.resolve(config.image().registry(), config.image().repository(), tag,
                    command.digest());
            // An operator's explicit choice (a rollback to an earlier image) is not subject to push ordering.
            return List.of(reconcile(command.command(), config, image.image(), null, false,
                    Command.DEPLOY.equals(command.command()) ? Reconciler.Mode.APPLY_FULL : Reconciler.Mode.DRY_RUN));
        } catch (EcrImages.ImageNotFound e) {
            return List.of(reporter.failed(command.command(), config.environment(), config.name(),
                    config.service().cluster(), e.getMessage()));
        }
    }

    /**
     * A config was created, updated or deleted. A service's change reconciles that service with the
     * image it runs; a {@code _defaults} change reconciles every service of the environment; a
     * deletion is reported and nothing in AWS is deleted.
     */
    public List<ServiceReport> configChanged(Trigger.ParameterChange change) {
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
        if (location.isDefaults()) {
            EnvironmentDocuments env = store.readEnvironment(location.prefix(), location.environment());
            List<ServiceReport> reports = new ArrayList<>();
            env.services().forEach((name, doc) -> reports.add(reconcileConfig(
                    new ConfigLocation(location.prefix(), location.environment(), name), doc, env.defaults())));
            return reports;
        }
        // The event carries no value: read the config (and its defaults) now.
        return store.read(location.parameterName())
                .map(doc -> List.of(reconcileConfig(location, doc,
                        store.read(location.defaultsParameterName()).orElse(null))))
                .orElseGet(() -> List.of(reporter.configDeleted(location.environment(), location.service(),
                        "config " + location.parameterName() + " no longer exists; nothing was changed")));
    }

    private ServiceReport reconcileConfig(ConfigLocation location, String doc, String defaults) {
        ConfigResult parsed = parser.parse(location, doc, defaults);
        if (!parsed.valid()) {
            return reporter.rejected("config-change", location.environment(), location.service(), parsed.errors());
        }
        // A changed config is verified first: what would certainly fail the rollout holds it back.
        List<Finding> findings = verifier.verify(parsed.config());
        if (findings.stream().anyMatch(Finding::blocksRollout)) {
            return reporter.verified("config-change", parsed.config(),
                    findings.stream().map(Finding::describe).toList());
        }
        try {
            return reconcile("config-change", parsed.config(), null, null, true, Reconciler.Mode.APPLY_FULL,
                    findings.stream().map(f -> "verify: " + f.describe()).toList());
        } catch (EcrImages.ImageNotFound e) {
            return reporter.failed("config-change", location.environment(), location.service(),
                    parsed.config().service().cluster(), e.getMessage());
        }
    }

    /** The config (with its environment's defaults) a command names; a clear error when there is none. */
    private ConfigResult commandConfig(Command command) {
        ConfigLocation location = new ConfigLocation(settings.configPrefix(), command.environment(), command.service());
        String doc = store.read(location.parameterName())
                .orElseThrow(() -> new InvalidEventException("no config at " + location.parameterName()));
        return parser.parse(location, doc, store.read(location.defaultsParameterName()).orElse(null));
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
        return List.of(verify(command.command(), parsed.config()));
    }

    /** {@code verify} of a valid config, for any trigger (a config change calls this before reconciling). */
    public ServiceReport verify(String trigger, ServiceConfig config) {
        return reporter.verified(trigger, config, verifier.verify(config).stream().map(Finding::describe).toList());
    }

    private ServiceReport reconcile(String trigger, ServiceConfig config, ImageRef image, Instant pushedAt,
                                    boolean automatic, Reconciler.Mode mode) {
        return reconcile(trigger, config, image, pushedAt, automatic, mode, List.of());
    }

    private ServiceReport reconcile(String trigger, ServiceConfig config, ImageRef image, Instant pushedAt,
                                    boolean automatic, Reconciler.Mode mode, List<String> checkNotices) {
        try {
            return reporter.reconciled(trigger, reconciler.reconcile(config, image, pushedAt, automatic, mode),
                    checkNotices);
        } catch (SdkException e) {
            return reporter.failed(trigger, config.environment(), config.name(), config.service().cluster(),
                    "reading the actual state failed: " + e.getMessage());
        }
    }

    List<EnvironmentDocuments> environments() {
        return settings.environment()
                .map(env -> List.of(store.readEnvironment(settings.configPrefix(), env)))
                .orElseGet(() -> List.copyOf(store.readAll(settings.configPrefix()).values()));
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
