package dev.ecsdeployer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Where the deployer's role check and EC2 reads go, and the region they are signed for, in each
 * partition, without a network call: an interceptor reads the signed request and stops it.
 * IAM is global (iam.amazonaws.com, signed for us-east-1, in every commercial region; GovCloud and
 * China have their own), so a regional IAM host would fail every role check on AWS. EC2's reads are
 * made by hand ({@link Ec2NetworkReads}): they must resolve what the SDK's own EC2 client resolves.
 */
class ClientEndpointsTest {

    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final List<String> OVERRIDES = List.of("aws.endpointUrl", "aws.endpointUrlIam", "aws.endpointUrlEc2");
    private final Map<String, String> saved = new HashMap<>();

    /** What a request was sent to: host, signing region, signing name. */
    record Resolved(String host, String signingRegion, String signingName) {
    }

    @BeforeEach
    void noEndpointOverrides() {
        // The moto harness points every client at moto through these; here the SDK's own resolution is under test.
        OVERRIDES.forEach(k -> saved.put(k, System.clearProperty(k)));
    }

    @AfterEach
    void restore() {
        saved.forEach((k, v) -> {
            if (v != null) {
                System.setProperty(k, v);
            }
        });
    }

    @ParameterizedTest
    @CsvSource({
            "us-east-1,     iam.amazonaws.com,              us-east-1",
            "eu-west-1,     iam.amazonaws.com,              us-east-1",
            "us-gov-west-1, iam.us-gov.amazonaws.com,       us-gov-west-1",
            "cn-north-1,    iam.cn-north-1.amazonaws.com.cn, cn-north-1"})
    void iamIsReachedAtItsPartitionsGlobalEndpointSignedForItsGlobalRegion(String region, String host, String signing) {
        AtomicReference<Resolved> seen = new AtomicReference<>();
        try (IamClient iam = IamClient.builder().region(Region.of(region)).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(capture(seen)).build()) {
            assertThrows(RuntimeException.class, () -> iam.listRoleTags(b -> b.roleName("api-task")));
        }
        assertEquals(new Resolved(host, signing, "iam"), seen.get());
    }

    @ParameterizedTest
    @CsvSource({
            "us-east-1,     ec2.us-east-1.amazonaws.com",
            "eu-west-1,     ec2.eu-west-1.amazonaws.com",
            "us-gov-west-1, ec2.us-gov-west-1.amazonaws.com",
            "cn-north-1,    ec2.cn-north-1.amazonaws.com.cn"})
    void ec2ReadsGoWhereTheSdksEc2ClientGoesSignedForTheRegion(String region, String host) {
        AtomicReference<Resolved> sdk = new AtomicReference<>();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(region)).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(capture(sdk)).build()) {
            assertThrows(RuntimeException.class, () -> ec2.describeSubnets(b -> b.subnetIds("subnet-1")));
        }
        assertEquals(new Resolved(host, region, "ec2"), sdk.get(), "the SDK's EC2 client");

        try (Ec2NetworkReads reads = new Ec2NetworkReads(AwsClientSettings.DEFAULTS, Region.of(region))) {
            assertEquals(new Resolved(host, region, "ec2"),
                    new Resolved(reads.endpoint().getHost(), reads.signingRegion().id(), reads.serviceName()));
            assertEquals("https", reads.endpoint().getScheme());
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    /** Reads the signed request, then stops it before it leaves. */
    private static ClientOverrideConfiguration capture(AtomicReference<Resolved> seen) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(DefaultRetryStrategy.doNotRetry())
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        String auth = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
                        Matcher m = CREDENTIAL_SCOPE.matcher(auth);
                        boolean signed = m.find();
                        seen.set(new Resolved(context.httpRequest().host(), signed ? m.group(1) : auth,
                                signed ? m.group(2) : auth));
                        throw new IllegalStateException("stopped before transmission");
                    }
                })
                .build();
    }
}
