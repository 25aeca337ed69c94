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
    private final Memo<SignedAwsClient> events;
    private final Memo<SqsClient> sqs;
    private final Memo<EcrClient> ecr;
    // Only image-platform and `verify` lookups use these; a push builds at most ecrLookup.
    private final Memo<EcrClient> ecrLookup;
    // `verify`'s reads, without the four SDK modules (SignedAwsClient).
    private final Memo<SignedAwsClient> iam;
    private final Memo<SignedAwsClient> secretsManager;
    private final Memo<SignedAwsClient> elb;
    private final Memo<SignedAwsClient> ec2;

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
        this.iam = new Memo<>(() -> factory.reads(SignedAwsClient.Service.IAM));
        this.secretsManager = new Memo<>(() -> factory.reads(SignedAwsClient.Service.SECRETS_MANAGER));
        this.elb = new Memo<>(() -> factory.reads(SignedAwsClient.Service.ELB));
        this.ec2 = new Memo<>(() -> factory.reads(SignedAwsClient.Service.EC2));
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

    public SignedAwsClient events() {
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

    public SignedAwsClient iamReads() {
        return iam.get();
    }

    public SignedAwsClient secretsManagerReads() {
        return secretsManager.get();
    }

    public SignedAwsClient elbReads() {
        return elb.get();
    }

    public SignedAwsClient ec2Reads() {
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
