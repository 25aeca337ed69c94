package dev.ecsdeployer.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.FleetReader;
import dev.ecsdeployer.actual.ScalingStateReader;
import dev.ecsdeployer.apply.PlanApplier;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.apply.ScalingApplier;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.AccountConfig;
import dev.ecsdeployer.config.DriftPolicy;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.outcome.CanaryJudge;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.DriftReporter;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import dev.ecsdeployer.report.Metrics;
import dev.ecsdeployer.report.ServiceArns;
import dev.ecsdeployer.verify.AwsVerifyReads;
import dev.ecsdeployer.verify.ConfigBlobReader;
import dev.ecsdeployer.verify.EcrImagePlatforms;
import dev.ecsdeployer.verify.ServiceVerifier;
import dev.ecsdeployer.verify.Verifier;
import dev.ecsdeployer.drift.DriftCheck;
import dev.ecsdeployer.drift.DriftFanOut;
import dev.ecsdeployer.outcome.DeploymentOutcomes;
import dev.ecsdeployer.work.AccountEdges;
import dev.ecsdeployer.work.Backoff;
import dev.ecsdeployer.work.Front;
import dev.ecsdeployer.work.FunctionAccount;
import dev.ecsdeployer.work.ImageOrigin;
import dev.ecsdeployer.work.InlineWorkQueue;
import dev.ecsdeployer.work.SqsBatch;
import dev.ecsdeployer.work.Worker;
import dev.ecsdeployer.work.SqsWorkQueue;
import dev.ecsdeployer.work.WorkQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Wires the pure core to the AWS edges, once per Lambda instance. */
@ApplicationScoped
public class DeployerBeans {

    private static final Logger LOG = Logger.getLogger(DeployerBeans.class);

    @Produces
    @ApplicationScoped
    Front front(DeployerSettings settings, AwsClients aws, ObjectMapper mapper, AccountScopes accounts,
                EcrImages images, DeployReporter reporter, Worker worker, FunctionAccount account) {
        WorkQueue queue = settings.workQueueUrl().filter(DeployerBeans::isQueueUrl)
                .<WorkQueue>map(url -> new SqsWorkQueue(aws::sqs, url, mapper))
                .orElseGet(() -> new InlineWorkQueue(worker));
        return new Front(settings.configPrefix(), settings.environment(), new SsmConfigStore(aws.ssm()),
                new ServiceConfigParser(), accounts, images, reporter, queue, new ImageOrigin(account, region()),
                Clock.systemUTC());
    }

    /**
     * The edges of every account the deployer's environments live in; the configs, the queue, the events and
     * image reads stay in the function's own account.
     */
    @Produces
    @Singleton
    AccountScopes accounts(DeployerSettings settings, AwsClients aws, EcrImages images, JsonLog log,
                           ObjectMapper mapper, EventPublisher events, Metrics metrics) {
        return new AccountScopes(aws, clients -> {
            ActualStateReader reader = reader(clients);
            PlanApplier applier = applier(clients);
            return new AccountEdges(new Reconciler(applier, new DesiredStateBuilder(region()), images), applier,
                    reader, reader::findService, verifier(aws, clients, images),
                    new DeploymentOutcomes(clients.ecs(), events, log, mapper, metrics),
                    // The lifecycle hook's judge reads the service's load balancer and metrics in its account.
                    new CanaryJudge(clients::cloudWatch, clients::elb, events, log, mapper, settings.metricsNamespace(),
                            Clock.systemUTC()));
        });
    }

    @Produces
    @ApplicationScoped
    Worker worker(DeployerSettings settings, AwsClients aws, AccountScopes accounts, DeployReporter reporter,
                  FunctionAccount account) {
        return new Worker(settings.configPrefix(), settings.environment(), new ImageOrigin(account, region()),
                new SsmConfigStore(aws.ssm()), new ServiceConfigParser(), accounts, reporter, new Backoff(Duration.ofSeconds(settings.workRetryBaseSeconds()),
                Duration.ofSeconds(settings.workRetryMaxSeconds())), Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    SqsBatch sqsBatch(DeployerSettings settings, AwsClients aws, Worker worker, DeployReporter reporter,
                      ObjectMapper mapper) {
        return new SqsBatch(worker, reporter, mapper, settings.workMaxReceives(), aws::sqs,
                settings.workQueueUrl().filter(DeployerBeans::isQueueUrl).orElse(null),
                Duration.ofSeconds(settings.workItemReserveSeconds()));
    }

    /** The function's account: configured, or learned from the first invocation's function ARN. */
    @Produces
    @ApplicationScoped
    FunctionAccount account(DeployerSettings settings) {
        return new FunctionAccount(settings.accountId());
    }

    /** Images read with the function's own clients ({@code home}); roles, secrets, network in the account's. */
    private static Verifier verifier(AwsClients home, AwsClients account, EcrImages images) {
        // Clients passed as suppliers: built on first use, so a push builds none of verify's.
        return new Verifier(new EcrImagePlatforms(home::ecr, new ConfigBlobReader(home::ecrLookup)),
                new ServiceVerifier(new AwsVerifyReads(account::iam, account::secretsManager, account::elb,
                        account::ec2Reads), account::ssm), images);
    }

    @Produces
    @ApplicationScoped
    DeployReporter reporter(DeployerSettings settings, JsonLog log, ObjectMapper mapper, EventPublisher events,
                            Metrics metrics) {
        return new DeployReporter(log, events, mapper, metrics,
                new ServiceArns(region(), settings.accountId().orElse(null)));
    }

    @Produces
    @ApplicationScoped
    Metrics metrics(DeployerSettings settings, JsonLog log, ObjectMapper mapper) {
        return new Metrics(log, mapper, settings.metricsNamespace(), Clock.systemUTC());
    }

    /** The structured log: one JSON object per line on standard output. */
    @Produces
    @ApplicationScoped
    JsonLog log(ObjectMapper mapper) {
        return JsonLog.stdout(mapper);
    }

    /** The one publisher of the deployer's events; its EventBridge client is built on first use. */
    @Produces
    @ApplicationScoped
    EventPublisher events(DeployerSettings settings, AwsClients aws, ObjectMapper mapper) {
        return new EventPublisher(aws::events, settings.eventBus(), mapper);
    }


    @Produces
    @ApplicationScoped
    EcrImages images(AwsClients aws) {
        return new EcrImages(aws::ecr, region());
    }

    /** The drift check of an environment's account (its fleet read and reconciles with that account's clients). */
    @Produces
    @Singleton
    DriftChecks driftChecks(DeployerSettings settings, AccountScopes accounts) {
        Map<AccountConfig, DriftCheck> built = new ConcurrentHashMap<>();
        DriftCheck home = driftCheck(settings, accounts, null);
        return account -> account == null ? home
                : built.computeIfAbsent(account, a -> driftCheck(settings, accounts, a));
    }

    private static DriftCheck driftCheck(DeployerSettings settings, AccountScopes accounts, AccountConfig account) {
        AwsClients aws = accounts.clients(account);
        AccountEdges edges = accounts.of(account);
        return new DriftCheck(new ServiceConfigParser(),
                new FleetReader(aws.ecs(), aws.logs(), aws.autoScaling(), aws.cloudWatch()),
                edges.live(), edges.reconciler(), DriftPolicy.of(settings.driftPolicy()), Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    DriftReporter driftReporter(JsonLog log, ObjectMapper mapper, EventPublisher events, Metrics metrics) {
        return new DriftReporter(log, events, mapper, metrics);
    }


    @Produces
    @ApplicationScoped
    DriftFanOut fanOut(EventPublisher events) {
        return new DriftFanOut(events);
    }

    /**
     * Whether the setting names a queue. {@code sam local invoke} resolves the template's
     * {@code !Ref WorkQueue} to the logical id "WorkQueue": no queue to send to, so items are worked
     * inline, as in any local run.
     */
    static boolean isQueueUrl(String url) {
        boolean queue = url.startsWith("https://") || url.startsWith("http://");
        if (!queue && !url.isBlank()) {
            LOG.warnf("ECS_DEPLOYER_WORK_QUEUE_URL '%s' is not a queue URL (sam local invoke passes a logical id):"
                    + " work items are worked in the invocation", url);
        }
        return queue;
    }

    private static ActualStateReader reader(AwsClients aws) {
        return new ActualStateReader(aws.ecs(), aws.logs(), new ScalingStateReader(aws.autoScaling(), aws.cloudWatch()));
    }

    private static PlanApplier applier(AwsClients aws) {
        return new PlanApplier(aws.ecs(), aws.logs(), new ScalingApplier(aws.autoScaling(), aws.cloudWatch()));
    }

    private static String region() {
        return new DefaultAwsRegionProviderChain().getRegion().id();
    }
}
