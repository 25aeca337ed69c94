package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.actual.ActualStateReader;
import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.actual.ScalingStateReader;
import dev.ecsdeployer.apply.ScalingApplier;
import dev.ecsdeployer.apply.PlanApplier;
import dev.ecsdeployer.apply.Reconciler;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.config.SsmConfigStore;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.report.DeployReporter;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import dev.ecsdeployer.verify.ConfigBlobReader;
import dev.ecsdeployer.verify.EcrImagePlatforms;
import dev.ecsdeployer.verify.ServiceVerifier;
import dev.ecsdeployer.verify.Verifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Wires the pure core to the AWS edges, once per Lambda instance. */
@ApplicationScoped
public class DeployerBeans {

    @Produces
    @ApplicationScoped
    Deployer deployer(DeployerSettings settings, AwsClients aws, ObjectMapper mapper) {
        String region = new DefaultAwsRegionProviderChain().getRegion().id();
        Reconciler reconciler = new Reconciler(
                new ActualStateReader(aws.ecs(), aws.logs(), new ScalingStateReader(aws.autoScaling(), aws.cloudWatch())),
                new PlanApplier(aws.ecs(), aws.logs(), new ScalingApplier(aws.autoScaling(), aws.cloudWatch())),
                new DesiredStateBuilder(region));
        DeployReporter reporter = new DeployReporter(new JsonLog(mapper, System.out),
                new EventPublisher(aws.events(), settings.eventBus(), mapper), mapper);
        EcrImages images = new EcrImages(aws::ecr, region);
        // Clients passed as suppliers: built on first use, so a push builds none of verify's.
        Verifier verifier = new Verifier(new EcrImagePlatforms(aws::ecr, new ConfigBlobReader(aws::ecrLookup)),
                new ServiceVerifier(aws::iam, aws::secretsManager, aws::ssm, aws::elb, aws::ec2), images);
        return new Deployer(settings, new SsmConfigStore(aws.ssm()), new ServiceConfigParser(), reconciler,
                images, reporter, verifier);
    }
}
