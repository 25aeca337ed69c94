package dev.ecsdeployer.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Test-only bridge: the SDK's CloudWatch client (2.57.x) speaks Smithy RPC v2 CBOR, moto 5.2.1 only
 * Query and JSON 1.0. This interceptor rewrites each CBOR request into the equivalent JSON 1.0 call
 * ({@code X-Amz-Target: GraniteServiceVersion20100801.<Operation>}) and each JSON answer back into
 * CBOR. Both encodings carry the same data model (timestamps as epoch seconds, blobs as bytes /
 * base64), so a tree-to-tree transcoding is faithful. Error answers keep their {@code __type}; the
 * SDK then raises a {@code CloudWatchException} carrying that error code.
 *
 * <p>Registered for the cloudwatch service only, via
 * {@code software/amazon/awssdk/services/cloudwatch/execution.interceptors} in test resources; the
 * SDK loads that file when it builds a CloudWatch client.
 */
public final class CloudWatchCborBridge implements ExecutionInterceptor {

    private static final Pattern CBOR_PATH = Pattern.compile("^(.*)/service/(GraniteServiceVersion20100801)/operation/([A-Za-z0-9]+)$");
    private static final ExecutionAttribute<byte[]> JSON_REQUEST = new ExecutionAttribute<>("CloudWatchCborBridge.jsonRequest");
    private static final ExecutionAttribute<byte[]> CBOR_RESPONSE = new ExecutionAttribute<>("CloudWatchCborBridge.cborResponse");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    // The SDK calls modifyHttpContent before modifyHttpRequest: transcode the body there, fix the headers here.
    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!CBOR_PATH.matcher(context.httpRequest().encodedPath()).matches()) {
            return context.requestBody();
        }
        byte[] json = cborToJson(context.requestBody().map(CloudWatchCborBridge::bytes).orElse(new byte[0]));
        attributes.putAttribute(JSON_REQUEST, json);
        return Optional.of(RequestBody.fromBytes(json));
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        Matcher m = CBOR_PATH.matcher(request.encodedPath());
        byte[] json = attributes.getAttribute(JSON_REQUEST);
        if (!m.matches() || json == null) {
            return request;
        }
        return request.toBuilder()
                .encodedPath(m.group(1).isEmpty() ? "/" : m.group(1))
                .removeHeader("smithy-protocol")
                .removeHeader("Accept")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", m.group(2) + "." + m.group(3))
                .putHeader("Content-Length", Integer.toString(json.length))
                .build();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(JSON_REQUEST) == null) {
            return context.httpResponse();
        }
        byte[] raw = context.responseBody().map(CloudWatchCborBridge::read).orElse(new byte[0]);
        byte[] cbor = jsonToCbor(raw, context.httpResponse().statusCode());
        attributes.putAttribute(CBOR_RESPONSE, cbor);
        return context.httpResponse().toBuilder()
                .putHeader("Content-Type", "application/cbor")
                .putHeader("smithy-protocol", "rpc-v2-cbor")
                .putHeader("Content-Length", Integer.toString(cbor.length))
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        byte[] cbor = attributes.getAttribute(CBOR_RESPONSE);
        return cbor == null ? context.responseBody() : Optional.of(new ByteArrayInputStream(cbor));
    }

    static byte[] cborToJson(byte[] cbor) {
        try {
            JsonNode tree = cbor.length == 0 ? JSON.createObjectNode() : CBOR.readTree(cbor);
            return JSON.writeValueAsBytes(tree == null || tree.isMissingNode() ? JSON.createObjectNode() : tree);
        } catch (IOException e) {
            throw new UncheckedIOException("CloudWatch CBOR request is not valid CBOR", e);
        }
    }

    static byte[] jsonToCbor(byte[] json, int status) {
        try {
            JsonNode tree = json.length == 0 ? JSON.createObjectNode() : JSON.readTree(json);
            return CBOR.writeValueAsBytes(tree);
        } catch (IOException notJson) {
            // moto answers some CloudWatch errors as Query XML even on the JSON protocol.
            String text = new String(json, StandardCharsets.UTF_8);
            Matcher code = XML_CODE.matcher(text);
            Matcher message = XML_MESSAGE.matcher(text);
            ObjectNode error = JSON.createObjectNode();
            error.put("__type", code.find() ? code.group(1) : (status >= 500 ? "InternalFailure" : "UnknownError"));
            error.put("message", message.find() ? message.group(1) : text);
            try {
                return CBOR.writeValueAsBytes(error);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] bytes(RequestBody body) {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
