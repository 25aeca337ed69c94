package dev.ecsdeployer.aws;

import java.util.Objects;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The one place AWS SDK clients are built. {@link AwsClients} (CDI) uses it in production; tests
 * and benchmarks use it directly so they exercise the same construction.
 *
 * <p>What is configured here and what is left to the SDK on purpose:
 * <ul>
 *   <li>HTTP: the URL-connection client only (no Apache/Netty: smaller package, faster cold
 *       start).</li>
 *   <li>Retries and timeouts: from {@link AwsClientSettings}.</li>
 *   <li>Region, credentials and endpoint are <em>not</em> set, so the SDK's own provider chains
 *       apply. SDK 2.57 resolves the region from {@code aws.region} / {@code AWS_REGION} (set by
 *       Lambda) / profile, credentials from the default chain, and the endpoint from
 *       {@code aws.endpointUrl<Service>} / {@code AWS_ENDPOINT_URL_<SERVICE>} first, then the
 *       global {@code aws.endpointUrl} / {@code AWS_ENDPOINT_URL}, then the profile
 *       ({@code AwsClientEndpointProvider}). Re-implementing that would only add ways to
 *       disagree with the AWS CLI and other SDKs.</li>
 * </ul>
 */
public final class AwsClientFactory {

    private final AwsClientSettings settings;
    // Null: the SDK's default chain (the function's own role). Set: another account's assumed role.
    private final AwsCredentialsProvider credentials;

    public AwsClientFactory(AwsClientSettings settings) {
        this(settings, null);
    }

    private AwsClientFactory(AwsClientSettings settings, AwsCredentialsProvider credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = credentials;
    }

    /**
     * The same clients, made with the credentials of {@code roleArn} (in another account), assumed through
     * STS with this factory's own credentials. The SDK's provider keeps the session and renews it before it
     * expires, so a warm function assumes the role about once an hour, not once a call.
     */
    public AwsClientFactory assuming(String roleArn, String externalId, String sessionName) {
        StsClient sts = build(StsClient.builder());
        AssumeRoleRequest request = AssumeRoleRequest.builder().roleArn(roleArn).externalId(externalId)
                .roleSessionName(sessionName).build();
        return new AwsClientFactory(settings, StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(request).asyncCredentialUpdateEnabled(false).build());
    }

    /** A factory with production settings; region, credentials, endpoints from the environment. */
    public static AwsClientFactory fromEnvironment() {
        return new AwsClientFactory(AwsClientSettings.DEFAULTS);
    }

    public AwsClientSettings settings() {
        return settings;
    }

    public EcsClient ecs() {
        return build(EcsClient.builder());
    }

    public ApplicationAutoScalingClient autoScaling() {
        return build(ApplicationAutoScalingClient.builder());
    }

    public CloudWatchClient cloudWatch() {
        return build(CloudWatchClient.builder());
    }

    public CloudWatchLogsClient logs() {
        return build(CloudWatchLogsClient.builder());
    }

    public SsmClient ssm() {
        return build(SsmClient.builder());
    }

    public SqsClient sqs() {
        return build(SqsClient.builder());
    }

    public EventBridgeClient events() {
        return build(EventBridgeClient.builder());
    }

    /** IAM is global: the SDK's endpoint rules send it to the partition's global endpoint, signed for its global region. */
    public IamClient iam() {
        return build(IamClient.builder());
    }

    public SecretsManagerClient secretsManager() {
        return build(SecretsManagerClient.builder());
    }

    public ElasticLoadBalancingV2Client elb() {
        return build(ElasticLoadBalancingV2Client.builder());
    }

    /** EC2's two Describe reads, made without EC2's 26 MB SDK module. */
    public Ec2NetworkReads ec2Reads() {
        return new Ec2NetworkReads(settings, credentials);
    }

    public EcrClient ecr() {
        return build(EcrClient.builder());
    }

    /**
     * ECR with two attempts, for advisory lookups (an image's platform) that must not hold a deploy
     * through a full retry budget.
     */
    public EcrClient ecrLookup() {
        return new AwsClientFactory(settings.withMaxAttempts(2), credentials).ecr();
    }

    /**
     * Applies the shared configuration to any synchronous SDK client builder and builds it. Public
     * so that test-only clients (EC2) and priming's loopback twins are built the same way as production ones.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(settings.retryStrategy())
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.apiCallTimeout())
                        .build())
                .build();
    }
}
