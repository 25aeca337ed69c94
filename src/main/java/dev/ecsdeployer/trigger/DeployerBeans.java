package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.FleetReader;
import dev.ecsdeployer.actual.ScalingStateReader;
import dev.ecsdeployer.apply.PlanApplier;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.apply.ScalingApplier;
import dev.ecsdeployer.apply.ServiceLocks;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.DriftPolicy;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.DriftReporter;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import dev.ecsdeployer.verify.ConfigBlobReader;
import dev.ecsdeployer.verify.EcrImagePlatforms;
import dev.ecsdeployer.verify.ServiceVerifier;
import dev.ecsdeployer.verify.Verifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;


import java.time.Clock;
import java.time.Duration;

/** Wires the pure core to the AWS edges, once per Lambda instance. */
@ApplicationScoped
public class DeployerBeans {

    /** Longer than the function's timeout (300 s in template.yaml); a lock left by a killed run expires after it. */
    static final Duration LOCK_TTL = Duration.ofMinutes(6);
    /** Well inside the function's timeout: past it, the invocation fails and EventBridge retries it. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(90);

    @Produces
    @ApplicationScoped
    Deployer deployer(DeployerSettings settings, AwsClients aws, ObjectMapper mapper, Reconciler reconciler,
                      EcrImages images, EventPublisher events) {
        DeployReporter reporter = new DeployReporter(new JsonLog(mapper, System.out),
                events, mapper);
        // Clients passed as suppliers: built on first use, so a push builds none of verify's.
        Verifier verifier = new Verifier(new EcrImagePlatforms(aws::ecr, new ConfigBlobReader(aws::ecrLookup)),
                new ServiceVerifier(aws::iam, aws::secretsManager, aws::ssm, aws::elb, aws::ec2), images);
        return new Deployer(settings, new SsmConfigStore(aws.ssm()), new ServiceConfigParser(), reconciler, images,
                reporter, verifier);
    }

    /** The one publisher of the deployer's events; its EventBridge client is built on first use. */
    @Produces
    @ApplicationScoped
    EventPublisher events(DeployerSettings settings, AwsClients aws, ObjectMapper mapper) {
        return new EventPublisher(aws::events, settings.eventBus(), mapper);
    }

    @Produces
    @ApplicationScoped
    Reconciler reconciler(DeployerSettings settings, AwsClients aws, EcrImages images) {
        return new Reconciler(reader(aws), applier(aws), new DesiredStateBuilder(region()), images,
                new ServiceLocks(aws.ssm(), settings.configPrefix(), Clock.systemUTC(), LOCK_TTL, LOCK_WAIT));
    }

    @Produces
    @ApplicationScoped
    EcrImages images(AwsClients aws) {
        return new EcrImages(aws::ecr, region());
    }

    @Produces
    @ApplicationScoped
    DriftCheck driftCheck(DeployerSettings settings, AwsClients aws, EcrImages images, Reconciler reconciler) {
        return new DriftCheck(new ServiceConfigParser(),
                new FleetReader(aws.ecs(), aws.logs(), aws.autoScaling(), aws.cloudWatch()),
                reader(aws), new DesiredStateBuilder(region()), reconciler, images,
                DriftPolicy.of(settings.driftPolicy()));
    }

    @Produces
    @ApplicationScoped
    DriftReporter driftReporter(DeployerSettings settings, ObjectMapper mapper, EventPublisher events) {
        return new DriftReporter(new JsonLog(mapper, System.out),
                events, mapper, settings.metricsNamespace(),
                Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    DeploymentOutcomes outcomes(AwsClients aws, ObjectMapper mapper, EventPublisher events) {
        return new DeploymentOutcomes(aws.ecs(), events,
                new JsonLog(mapper, System.out), mapper);
    }

    @Produces
    @ApplicationScoped
    DriftFanOut fanOut(ObjectMapper mapper, EventPublisher events) {
        return new DriftFanOut(events, mapper);
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
