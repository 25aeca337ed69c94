package dev.ecsdeployer.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * A signed POST to one AWS service, for the few calls the function makes to services whose SDK
 * module it does not carry: {@code verify}'s reads of IAM, EC2, ELBv2 and Secrets Manager (together
 * 33 MB of jars, half the package, for five operations) and EventBridge PutEvents (1.8 MB for one
 * operation). Everything but the wire format is the SDK's own:
 * the endpoint ({@link AwsClientEndpointProvider}: {@code AWS_ENDPOINT_URL_<SERVICE>},
 * {@code AWS_ENDPOINT_URL}, the profile, then the region's endpoint), the region and credentials
 * chains, SigV4 ({@link AwsV4HttpSigner}), the URL-connection HTTP client with the deployer's
 * timeouts, and the deployer's retry strategy (throttling and 5xx retried with backoff and
 * jitter). Errors are thrown as {@link AwsServiceException} with the service's error code, as an
 * SDK client would throw them, so retry policy and callers treat them alike.
 *
 * <p>The callers ({@code verify/AwsVerifyReads}, {@code report/EventPublisher}) build the request
 * body (AWS Query form or JSON 1.1) and read the answer (XML or JSON).
 */
public final class SignedAwsClient implements SdkClient {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** How a service is named for endpoints and signing. */
    public record Service(String signingName, String endpointPrefix, String endpointEnvSuffix,
                          String endpointPropertySuffix, String profileKey) {

        public static final Service IAM = new Service("iam", "iam", "IAM", "Iam", "iam");
        public static final Service EC2 = new Service("ec2", "ec2", "EC2", "Ec2", "ec2");
        public static final Service ELB = new Service("elasticloadbalancing", "elasticloadbalancing",
                "ELASTIC_LOAD_BALANCING_V2", "ElasticLoadBalancingV2", "elastic_load_balancing_v2");
        public static final Service SECRETS_MANAGER = new Service("secretsmanager", "secretsmanager",
                "SECRETS_MANAGER", "SecretsManager", "secrets_manager");
        public static final Service EVENTS = new Service("events", "events", "EVENTBRIDGE", "EventBridge",
                "eventbridge");
    }

    /** JSON 1.0/1.1 error answers: {@code {"__type": "[namespace#]Code", "message": ...}}. */
    public static final ErrorReader JSON_ERRORS = r -> {
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = r.body().length == 0 ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            return new String[] {null, r.text()};
        }
        if (body == null) {
            return new String[] {null, ""};
        }
        String type = body.path("__type").asText(null);
        if (type != null && type.contains("#")) {
            type = type.substring(type.indexOf('#') + 1);
        }
        String message = body.has("message") ? body.path("message").asText() : body.path("Message").asText(null);
        return new String[] {type, message};
    };


    /** A service's answer: status and body (read fully; these answers are small). */
    public record Response(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Turns an error answer into the service's error code and message. */
    public interface ErrorReader {
        /** @return {code, message}; code may be null when the body names none */
        String[] read(Response response);
    }

    private final Service service;
    private final URI endpoint;
    private final Region signingRegion;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final RetryStrategy retries;

    SignedAwsClient(Service service, AwsClientSettings settings) {
        this(service, settings, null, null);
    }

    /** With an endpoint and credentials of its own (priming against a loopback endpoint). */
    SignedAwsClient(Service service, AwsClientSettings settings, URI endpointOverride, AwsCredentialsProvider credentials) {
        this.service = Objects.requireNonNull(service, "service");
        Region region = new DefaultAwsRegionProviderChain().getRegion();
        this.endpoint = endpointOverride != null ? endpointOverride : AwsClientEndpointProvider.builder()
                .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_" + service.endpointEnvSuffix())
                .serviceEndpointOverrideSystemProperty("aws.endpointUrl" + service.endpointPropertySuffix())
                .serviceProfileProperty(service.profileKey())
                .serviceEndpointPrefix(service.endpointPrefix())
                .defaultProtocol("https")
                .region(region)
                .build()
                .clientEndpoint();
        // IAM is global: signed for its partition's home region (us-east-1 in aws).
        Region signing = null;
        try {
            signing = ServiceMetadata.of(service.endpointPrefix()).signingRegion(region);
        } catch (RuntimeException e) {
            // no metadata for the region: sign for the region itself
        }
        this.signingRegion = signing == null ? region : signing;
        this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.socketTimeout())
                .build();
        this.retries = settings.retryStrategy();
    }

    /** An AWS Query call (IAM, EC2, ELBv2): form-encoded parameters, XML answer. */
    public Response query(String action, String version, Map<String, String> parameters, ErrorReader errors) {
        StringBuilder body = new StringBuilder("Action=").append(encode(action)).append("&Version=").append(encode(version));
        parameters.forEach((k, v) -> body.append('&').append(encode(k)).append('=').append(encode(v)));
        return call(action, "application/x-www-form-urlencoded; charset=utf-8", null, body.toString(), errors);
    }

    /** An AWS JSON 1.1 call (Secrets Manager, EventBridge): {@code X-Amz-Target: <prefix>.<operation>}. */
    public Response json(String target, String body, ErrorReader errors) {
        return call(target, "application/x-amz-json-1.1", target, body, errors);
    }

    private Response call(String operation, String contentType, String target, String body, ErrorReader errors) {
        RetryToken token;
        AcquireInitialTokenResponse first = retries.acquireInitialToken(AcquireInitialTokenRequest.create(service.signingName()));
        token = first.token();
        sleep(first.delay());
        while (true) {
            try {
                Response r = once(contentType, target, body);
                if (r.status() / 100 == 2) {
                    retries.recordSuccess(RecordSuccessRequest.create(token));
                    return r;
                }
                throw serviceError(operation, r, errors);
            } catch (SdkException e) {
                try {
                    token = retryAfter(token, e);
                } catch (TokenAcquisitionFailedException noMore) {
                    throw e;
                }
            }
        }
    }

    private RetryToken retryAfter(RetryToken token, SdkException failure) {
        var refreshed = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
        sleep(refreshed.delay());
        return refreshed.token();
    }

    private Response once(String contentType, String target, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(payload.length));
        if (target != null) {
            request.putHeader("X-Amz-Target", target);
        }
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion.id()));
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build());
        try {
            HttpExecuteResponse response = call.call();
            byte[] bytes;
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                bytes = in.readAllBytes();
            }
            return new Response(response.httpResponse().statusCode(), bytes);
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
        }
    }

    private AwsServiceException serviceError(String operation, Response r, ErrorReader errors) {
        String[] read;
        try {
            read = errors.read(r);
        } catch (RuntimeException e) {
            read = new String[] {null, r.text()};
        }
        String code = read[0] == null ? "HTTP" + r.status() : read[0];
        String message = read[1] == null ? "" : read[1];
        return AwsServiceException.builder()
                .statusCode(r.status())
                .message(message + " (Service: " + service.signingName() + ", Status Code: " + r.status()
                        + ", Operation: " + operation + ")")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName(service.signingName())
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(r.status()).build())
                        .build())
                .build();
    }

    private static void sleep(Duration delay) {
        if (delay == null || delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while backing off", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** The endpoint calls go to (for tests and diagnostics). */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String serviceName() {
        return service.signingName();
    }

    @Override
    public void close() {
        http.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing to release beyond this client
            }
        }
    }

    /** A supplier for {@link Memo}: built on first use. */
    static Supplier<SignedAwsClient> of(Service service, AwsClientSettings settings) {
        return () -> new SignedAwsClient(service, settings);
    }
}
