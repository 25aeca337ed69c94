package dev.ecsdeployer.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The deployer's AWS clients, one set per Lambda instance (application scope), each built on first
 * use and then reused across invocations. Lazy because an ECR push touches three or four services;
 * building the other clients would only lengthen the cold start.
 */
@ApplicationScoped
public class AwsClients {

    private final AwsClientFactory factory;
    private final Memo<EcsClient> ecs;
    private final Memo<ApplicationAutoScalingClient> autoScaling;
    private final Memo<CloudWatchClient> cloudWatch;
    private final Memo<CloudWatchLogsClient> logs;
    private final Memo<SsmClient> ssm;
    private final Memo<EventBridgeClient> events;
    private final Memo<SqsClient> sqs;
    private final Memo<EcrClient> ecr;
    // Only image-platform and `verify` lookups use these; a push builds at most ecrLookup.
    private final Memo<EcrClient> ecrLookup;
    // `verify`'s and the reach check's reads.
    private final Memo<IamClient> iam;
    private final Memo<SecretsManagerClient> secretsManager;
    private final Memo<ElasticLoadBalancingV2Client> elb;
    private final Memo<Ec2NetworkReads> ec2;

    /** Used by CDI: production settings with the configured retries, everything else from the environment. */
    @Inject
    public AwsClients(RetrySettings retry) {
        this(new AwsClientFactory(retry.applyTo(AwsClientSettings.DEFAULTS)));
    }

    /** Used by tests and benchmarks outside CDI. */
    public AwsClients(AwsClientFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.ecs = new Memo<>(factory::ecs);
        this.autoScaling = new Memo<>(factory::autoScaling);
        this.cloudWatch = new Memo<>(factory::cloudWatch);
        this.logs = new Memo<>(factory::logs);
        this.ssm = new Memo<>(factory::ssm);
        this.events = new Memo<>(factory::events);
        this.sqs = new Memo<>(factory::sqs);
        this.ecr = new Memo<>(factory::ecr);
        this.ecrLookup = new Memo<>(factory::ecrLookup);
        this.iam = new Memo<>(factory::iam);
        this.secretsManager = new Memo<>(factory::secretsManager);
        this.elb = new Memo<>(factory::elb);
        this.ec2 = new Memo<>(factory::ec2Reads);
    }

    public AwsClientFactory factory() {
        return factory;
    }

    public EcsClient ecs() {
        return ecs.get();
    }

    public ApplicationAutoScalingClient autoScaling() {
        return autoScaling.get();
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch.get();
    }

    public CloudWatchLogsClient logs() {
        return logs.get();
    }

    public SsmClient ssm() {
        return ssm.get();
    }

    public EventBridgeClient events() {
        return events.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public EcrClient ecr() {
        return ecr.get();
    }

    public EcrClient ecrLookup() {
        return ecrLookup.get();
    }

    public IamClient iam() {
        return iam.get();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    public ElasticLoadBalancingV2Client elb() {
        return elb.get();
    }

    public Ec2NetworkReads ec2Reads() {
        return ec2.get();
    }

    /** How many clients have been built so far; lets tests prove laziness. */
    public int builtCount() {
        return (int) memos().stream().filter(Memo::isBuilt).count();
    }

    @PreDestroy
    public void close() {
        memos().forEach(Memo::closeIfBuilt);
    }

    private List<Memo<? extends SdkClient>> memos() {
        return List.of(ecs, autoScaling, cloudWatch, logs, ssm, events, sqs, ecr, ecrLookup, iam, secretsManager, elb, ec2);
    }
}
