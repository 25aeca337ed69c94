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
        EcrImages images = new EcrImages(aws::ecr, region);
        Reconciler reconciler = new Reconciler(
                new ActualStateReader(aws.ecs(), aws.logs(), new ScalingStateReader(aws.autoScaling(), aws.cloudWatch())),
                new PlanApplier(aws.ecs(), aws.logs(), new ScalingApplier(aws.autoScaling(), aws.cloudWatch())),
                new DesiredStateBuilder(region),
                images);
        DeployReporter reporter = new DeployReporter(new JsonLog(mapper, System.out),
                new EventPublisher(aws.events(), settings.eventBus(), mapper), mapper);
        return new Deployer(settings, new SsmConfigStore(aws.ssm()), new ServiceConfigParser(), reconciler,
                images, reporter);
    }
}
