package dev.ecsdeployer.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * EC2 DescribeSubnets and DescribeSecurityGroups, the deployer's only EC2 calls, made by hand: EC2's
 * SDK module is 26 MB, which alone would put the function zip near Lambda's 50 MB direct-upload
 * limit. Every other AWS call goes through its SDK client.
 *
 * <p>EC2 is regional in every partition: {@code ec2.<region>.<partition dns suffix>}, signed for the
 * region itself ({@code Ec2NetworkReadsTest} pins this against what the SDK's own EC2 client resolves).
 * The endpoint comes from the SDK's provider ({@code aws.endpointUrlEc2} / {@code AWS_ENDPOINT_URL_EC2},
 * then {@code aws.endpointUrl} / {@code AWS_ENDPOINT_URL}, the profile, then the region), signing from
 * its SigV4 signer, retries from the deployer's strategy. Errors are thrown as
 * {@link AwsServiceException} with EC2's error code, as an SDK client would.
 */
public final class Ec2NetworkReads implements SdkClient {

    static final String VERSION = "2016-11-15";

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final RetryStrategy retries;

    /** @param credentials another account's assumed role, or null for the default chain */
    Ec2NetworkReads(AwsClientSettings settings, AwsCredentialsProvider credentials) {
        this(settings, new DefaultAwsRegionProviderChain().getRegion(), credentials);
    }

    Ec2NetworkReads(AwsClientSettings settings, Region region) {
        this(settings, region, null);
    }

    private Ec2NetworkReads(AwsClientSettings settings, Region region, AwsCredentialsProvider credentials) {
        this.region = region;
        this.endpoint = AwsClientEndpointProvider.builder()
                .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_EC2")
                .serviceEndpointOverrideSystemProperty("aws.endpointUrlEc2")
                .serviceProfileProperty("ec2")
                .serviceEndpointPrefix("ec2")
                .defaultProtocol("https")
                .region(region)
                .build()
                .clientEndpoint();
        this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.socketTimeout())
                .build();
        this.retries = settings.retryStrategy();
    }

    /** Where the calls go. */
    public URI endpoint() {
        return endpoint;
    }

    /** The region requests are signed for: EC2's own region in every partition. */
    public Region signingRegion() {
        return region;
    }

    /** The VPC of each subnet that exists (filter {@code subnet-id}, all pages). */
    public Map<String, String> subnetVpcs(List<String> subnetIds) {
        return describe("DescribeSubnets", "subnet-id", subnetIds, "subnetSet", "subnetId");
    }

    /** The VPC of each security group that exists (filter {@code group-id}, all pages). */
    public Map<String, String> securityGroupVpcs(List<String> groupIds) {
        return describe("DescribeSecurityGroups", "group-id", groupIds, "securityGroupInfo", "groupId");
    }

    /** A filter rather than ids: unknown ids are left out instead of failing the whole call. */
    private Map<String, String> describe(String action, String filter, List<String> ids, String setName, String idName) {
        Map<String, String> vpcs = new LinkedHashMap<>();
        String next = null;
        while (!ids.isEmpty()) {
            StringBuilder body = new StringBuilder("Action=").append(action).append("&Version=").append(VERSION)
                    .append("&Filter.1.Name=").append(filter);
            for (int i = 0; i < ids.size(); i++) {
                body.append("&Filter.1.Value.").append(i + 1).append('=').append(encode(ids.get(i)));
            }
            if (next != null) {
                body.append("&NextToken=").append(encode(next));
            }
            Element root = call(action, body.toString());
            for (Element item : children(child(root, setName), "item")) {
                String id = text(item, idName);
                if (id != null) {
                    vpcs.put(id, text(item, "vpcId"));
                }
            }
            next = text(root, "nextToken");
            if (next == null || next.isBlank()) {
                break;
            }
        }
        return vpcs;
    }

    private Element call(String action, String body) {
        RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("ec2")).token();
        while (true) {
            try {
                Element answer = once(action, body);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (SdkException e) {
                try {
                    var refreshed = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
                            .failure(e).build());
                    sleep(refreshed.delay());
                    token = refreshed.token();
                } catch (TokenAcquisitionFailedException noMore) {
                    throw e;
                }
            }
        }
    }

    private Element once(String action, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        int status;
        byte[] answer;
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            status = response.httpResponse().statusCode();
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                answer = in.readAllBytes();
            }
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
        }
        Element root = xml(answer);
        if (status / 100 == 2) {
            return root;
        }
        // EC2: <Response><Errors><Error><Code/><Message/></Error></Errors></Response>
        Element error = child(child(root, "Errors"), "Error");
        String code = error == null ? "HTTP" + status : text(error, "Code");
        String message = error == null ? "" : text(error, "Message");
        throw AwsServiceException.builder()
                .statusCode(status)
                .message(message + " (Service: ec2, Status Code: " + status + ", Operation: " + action + ")")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("ec2")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }

    static Element xml(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // AWS answers never carry a DTD; refusing one rules out entity expansion and external fetches.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw SdkClientException.create("the answer is not XML: " + e.getMessage(), e);
        }
    }

    /** The first child element with this local name (namespaces differ between AWS and moto). */
    private static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
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

    @Override
    public String serviceName() {
        return "ec2";
    }

    @Override
    public void close() {
        http.close();
        if (credentials instanceof DefaultCredentialsProvider own) {
            own.close(); // an assumed role's provider is shared with the account's other clients
        }
    }
}
