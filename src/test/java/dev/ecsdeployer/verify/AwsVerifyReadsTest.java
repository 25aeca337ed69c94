package dev.ecsdeployer.verify;

import com.sun.net.httpserver.HttpServer;
import dev.ecsdeployer.harness.LoopbackHttpServer;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClientSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify's reads against answers written as AWS writes them (namespaced XML, EC2's error shape, JSON
 * 1.1 error types with a namespace, pages, throttling), which moto does not always reproduce: what
 * "not found" means for each, and EC2's hand-made reads ({@code aws/Ec2NetworkReads}). The moto tests
 * (ServiceVerifierTest) cover the same reads end to end.
 */
class AwsVerifyReadsTest {

    private static final List<String> SERVICES = List.of("Iam", "Ec2", "ElasticLoadBalancingV2", "SecretsManager");

    record Answer(int status, String contentType, String body) {
    }

    HttpServer server;
    final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
    final List<String> requests = new ArrayList<>();
    final Map<String, String> saved = new HashMap<>();
    AwsVerifyReads reads;
    final List<software.amazon.awssdk.core.SdkClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = LoopbackHttpServer.create(0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            synchronized (requests) {
                requests.add((target == null ? "" : target + " ") + body + " | " + auth);
            }
            Answer a = answers.poll();
            if (a == null) {
                a = new Answer(500, "text/plain", "no answer queued");
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> props = new HashMap<>();
        SERVICES.forEach(s -> props.put("aws.endpointUrl" + s, endpoint));
        props.put("aws.region", "us-east-1");
        props.put("aws.accessKeyId", "AKIDEXAMPLE");
        props.put("aws.secretAccessKey", "secret");
        props.forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.DEFAULTS
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5)));
        var iam = factory.iam();
        var secrets = factory.secretsManager();
        var elb = factory.elb();
        var ec2 = factory.ec2Reads();
        clients.addAll(List.of(iam, secrets, elb, ec2));
        reads = new AwsVerifyReads(() -> iam, () -> secrets, () -> elb, () -> ec2);
    }

    @AfterEach
    void stop() {
        clients.forEach(software.amazon.awssdk.core.SdkClient::close);
        server.stop(0);
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    void queue(int status, String body) {
        answers.add(new Answer(status, body.startsWith("{") ? "application/x-amz-json-1.1" : "text/xml", body));
    }

    @Test
    void getRoleReadsTheUrlEncodedTrustPolicyAndSignsForIam() {
        queue(200, """
                <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <GetRoleResult><Role><Path>/</Path><RoleName>api-task</RoleName>
                    <AssumeRolePolicyDocument>%7B%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument>
                  </Role></GetRoleResult>
                  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
                </GetRoleResponse>""");

        assertEquals("%7B%22Statement%22%3A%5B%5D%7D", reads.roleTrustPolicy("api-task"));
        String request = requests.get(0);
        assertTrue(request.startsWith("Action=GetRole&Version=2010-05-08&RoleName=api-task"), request);
        assertTrue(request.contains("/us-east-1/iam/aws4_request"), request);
    }

    @Test
    void aMissingRoleIsNoRoleAndThrottlingIsRetried() {
        queue(400, """
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                  <RequestId>r</RequestId></ErrorResponse>""");
        queue(404, """
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error>
                  <RequestId>r</RequestId></ErrorResponse>""");

        assertNull(reads.roleTrustPolicy("x"));
        assertEquals(2, requests.size());
    }

    @Test
    void accessDeniedIsThrownWithItsCodeForTheCheckToReportAsNotChecked() {
        queue(403, """
                <ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized to perform: iam:GetRole</Message></Error></ErrorResponse>""");

        AwsServiceException e = assertThrows(AwsServiceException.class, () -> reads.roleTrustPolicy("x"));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("not authorized to perform: iam:GetRole"), e.getMessage());
        assertEquals(1, requests.size(), "an access error is not retried");
    }

    @Test
    void serverErrorsAreRetriedUpToTheBudget() {
        for (int i = 0; i < AwsClientSettings.MAX_ATTEMPTS; i++) {
            queue(503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>");
        }
        assertThrows(SdkException.class, () -> reads.roleTrustPolicy("x"));
        assertEquals(AwsClientSettings.MAX_ATTEMPTS, requests.size());
    }

    @Test
    void describeSecretReadsStagesAndDeletionAndTheJsonErrorType() {
        queue(200, """
                {"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf","Name":"db",
                 "DeletedDate":1.767225600123E9,"VersionIdsToStages":{"v1":["AWSCURRENT"],"v0":["AWSPREVIOUS"]}}""");
        queue(400, """
                {"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""");

        VerifyReads.Secret secret = reads.describeSecret("db");
        assertEquals("db", secret.name());
        assertEquals(Instant.parse("2026-01-01T00:00:00.123Z"), secret.deletedDate());
        assertEquals(Map.of("v1", List.of("AWSCURRENT"), "v0", List.of("AWSPREVIOUS")), secret.versionIdsToStages());
        assertEquals(Map.of(), secret.tags());
        assertTrue(requests.get(0).startsWith("secretsmanager.DescribeSecret {\"SecretId\":\"db\"}"), requests.get(0));
        assertNull(reads.describeSecret("gone"));
    }

    @Test
    void targetGroupAndItsAbsence() {
        queue(200, """
                <DescribeTargetGroupsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <DescribeTargetGroupsResult><TargetGroups><member>
                    <TargetGroupArn>arn:tg</TargetGroupArn><TargetType>ip</TargetType><Port>3001</Port><VpcId>vpc-1</VpcId>
                    <LoadBalancerArns><member>arn:lb</member></LoadBalancerArns>
                  </member></TargetGroups></DescribeTargetGroupsResult>
                </DescribeTargetGroupsResponse>""");
        queue(400, """
                <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <Error><Type>Sender</Type><Code>TargetGroupNotFound</Code><Message>One or more target groups not found</Message></Error>
                </ErrorResponse>""");

        assertEquals(new TargetGroupCheck.TargetGroup("arn:tg", "ip", 3001, "vpc-1"), reads.targetGroup("arn:tg"));
        assertTrue(requests.get(0).startsWith("Action=DescribeTargetGroups&Version=2015-12-01&TargetGroupArns.member.1=arn%3Atg"),
                requests.get(0));
        assertNull(reads.targetGroup("arn:gone"));
    }

    @Test
    void subnetsFollowNextTokenAndSecurityGroupsIgnoreNestedItems() {
        queue(200, """
                <DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                  <requestId>r</requestId>
                  <subnetSet><item><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId></item></subnetSet>
                  <nextToken>page2</nextToken>
                </DescribeSubnetsResponse>""");
        queue(200, """
                <DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                  <subnetSet><item><subnetId>subnet-b</subnetId><vpcId>vpc-1</vpcId></item></subnetSet>
                </DescribeSubnetsResponse>""");
        queue(200, """
                <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                  <securityGroupInfo><item><groupId>sg-1</groupId><vpcId>vpc-2</vpcId>
                    <ipPermissions><item><groups><item><groupId>sg-9</groupId></item></groups></item></ipPermissions>
                  </item></securityGroupInfo>
                </DescribeSecurityGroupsResponse>""");

        assertEquals(Map.of("subnet-a", "vpc-1", "subnet-b", "vpc-1"), reads.subnetVpcs(List.of("subnet-a", "subnet-b")));
        assertTrue(requests.get(0).startsWith("Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=subnet-id"
                + "&Filter.1.Value.1=subnet-a&Filter.1.Value.2=subnet-b |"), requests.get(0));
        assertTrue(requests.get(1).contains("&NextToken=page2"), requests.get(1));
        assertEquals(Map.of("sg-1", "vpc-2"), reads.securityGroupVpcs(List.of("sg-1")));
    }

    @Test
    void ec2ErrorsAreReadFromTheirOwnShape() {
        queue(400, """
                <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized</Message></Error></Errors><RequestID>r</RequestID></Response>""");

        AwsServiceException e = assertThrows(AwsServiceException.class, () -> reads.subnetVpcs(List.of("subnet-a")));
        assertEquals("UnauthorizedOperation", e.awsErrorDetails().errorCode());
    }

    @Test
    void aDocumentTypeDeclarationIsRefused() {
        queue(200, """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <GetRoleResponse><GetRoleResult><Role><AssumeRolePolicyDocument>&e;</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>""");

        assertThrows(SdkException.class, () -> reads.roleTrustPolicy("x"));
    }
}
