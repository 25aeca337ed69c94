package dev.ecsdeployer.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.aws.SignedAwsClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link VerifyReads} over {@link SignedAwsClient}: the five operations written out in their wire
 * formats (AWS Query with XML answers for IAM, ELBv2 and EC2; JSON 1.1 for Secrets Manager), so the
 * function carries none of those four SDK modules. Only the fields the checks use are read.
 */
public final class AwsVerifyReads implements VerifyReads {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String IAM_VERSION = "2010-05-08";
    static final String ELB_VERSION = "2015-12-01";
    static final String EC2_VERSION = "2016-11-15";

    private final Supplier<SignedAwsClient> iam;
    private final Supplier<SignedAwsClient> secretsManager;
    private final Supplier<SignedAwsClient> elb;
    private final Supplier<SignedAwsClient> ec2;

    public AwsVerifyReads(Supplier<SignedAwsClient> iam, Supplier<SignedAwsClient> secretsManager,
                          Supplier<SignedAwsClient> elb, Supplier<SignedAwsClient> ec2) {
        this.iam = iam;
        this.secretsManager = secretsManager;
        this.elb = elb;
        this.ec2 = ec2;
    }

    @Override
    public String roleTrustPolicy(String roleName) {
        try {
            Document answer = xml(iam.get().query("GetRole", IAM_VERSION, Map.of("RoleName", roleName),
                    AwsVerifyReads::queryError).body());
            Element role = first(answer.getDocumentElement(), "GetRoleResult", "Role");
            String trust = role == null ? null : text(role, "AssumeRolePolicyDocument");
            return trust == null ? "{}" : trust;
        } catch (AwsServiceException e) {
            if ("NoSuchEntity".equals(code(e))) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public Secret describeSecret(String secretId) {
        ObjectNode request = JSON.createObjectNode().put("SecretId", secretId);
        JsonNode answer;
        try {
            answer = json(secretsManager.get().json("secretsmanager.DescribeSecret", request.toString(),
                    SignedAwsClient.JSON_ERRORS).body());
        } catch (AwsServiceException e) {
            if ("ResourceNotFoundException".equals(code(e))) {
                return null;
            }
            throw e;
        }
        Map<String, List<String>> stages = new LinkedHashMap<>();
        answer.path("VersionIdsToStages").fields().forEachRemaining(f -> {
            List<String> list = new ArrayList<>();
            f.getValue().forEach(s -> list.add(s.asText()));
            stages.put(f.getKey(), List.copyOf(list));
        });
        JsonNode deleted = answer.get("DeletedDate");
        Instant deletedDate = deleted == null || deleted.isNull() ? null : epochSeconds(deleted);
        return new Secret(answer.path("Name").asText(secretId), deletedDate, stages);
    }

    @Override
    public TargetGroupCheck.TargetGroup targetGroup(String arn) {
        Document answer;
        try {
            answer = xml(elb.get().query("DescribeTargetGroups", ELB_VERSION, Map.of("TargetGroupArns.member.1", arn),
                    AwsVerifyReads::queryError).body());
        } catch (AwsServiceException e) {
            if ("TargetGroupNotFound".equals(code(e))) {
                return null;
            }
            throw e;
        }
        Element groups = first(answer.getDocumentElement(), "DescribeTargetGroupsResult", "TargetGroups");
        for (Element member : children(groups, "member")) {
            String port = text(member, "Port");
            return new TargetGroupCheck.TargetGroup(text(member, "TargetGroupArn"), text(member, "TargetType"),
                    port == null ? null : Integer.valueOf(port.trim()), text(member, "VpcId"));
        }
        return null;
    }

    @Override
    public Map<String, String> subnetVpcs(List<String> subnetIds) {
        return ec2Describe("DescribeSubnets", "subnet-id", subnetIds, "subnetSet", "subnetId");
    }

    @Override
    public Map<String, String> securityGroupVpcs(List<String> groupIds) {
        return ec2Describe("DescribeSecurityGroups", "group-id", groupIds, "securityGroupInfo", "groupId");
    }

    /** A filter rather than ids: unknown ids are left out instead of failing the whole call. Follows nextToken. */
    private Map<String, String> ec2Describe(String action, String filter, List<String> ids, String setName, String idName) {
        Map<String, String> vpcs = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return vpcs;
        }
        String next = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("Filter.1.Name", filter);
            for (int i = 0; i < ids.size(); i++) {
                params.put("Filter.1.Value." + (i + 1), ids.get(i));
            }
            if (next != null) {
                params.put("NextToken", next);
            }
            Document answer = xml(ec2.get().query(action, EC2_VERSION, params, AwsVerifyReads::ec2Error).body());
            Element root = answer.getDocumentElement();
            for (Element item : children(child(root, setName), "item")) {
                String id = text(item, idName);
                if (id != null) {
                    vpcs.put(id, text(item, "vpcId"));
                }
            }
            next = text(root, "nextToken");
        } while (next != null && !next.isBlank());
        return vpcs;
    }

    // ---- error answers

    /** AWS Query (IAM, ELBv2): {@code <ErrorResponse><Error><Code/><Message/></Error></ErrorResponse>}. */
    static String[] queryError(SignedAwsClient.Response r) {
        Element root = xml(r.body()).getDocumentElement();
        Element error = "Error".equals(root.getLocalName()) ? root : child(root, "Error");
        return error == null ? new String[] {null, r.text()} : new String[] {text(error, "Code"), text(error, "Message")};
    }

    /** EC2: {@code <Response><Errors><Error><Code/><Message/></Error></Errors></Response>}. */
    static String[] ec2Error(SignedAwsClient.Response r) {
        Element root = xml(r.body()).getDocumentElement();
        Element error = first(root, "Errors", "Error");
        if (error == null) {
            return queryError(r);
        }
        return new String[] {text(error, "Code"), text(error, "Message")};
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    // ---- parsing

    private static Instant epochSeconds(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
        }
        return Instant.parse(value.asText());
    }

    private static JsonNode json(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw SdkClientException.create("the answer is not JSON: " + e.getMessage(), e);
        }
    }

    static Document xml(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // AWS answers never carry a DTD; refusing one rules out entity expansion and external fetches.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw SdkClientException.create("the answer is not XML: " + e.getMessage(), e);
        }
    }

    /** The first child element with this local name (namespaces differ between AWS and moto). */
    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                return e;
            }
        }
        return null;
    }

    static Element first(Element parent, String... path) {
        Element e = parent;
        for (String name : path) {
            e = child(e, name);
        }
        return e;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
