package dev.ecsdeployer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecsdeployer.harness.FaultInjector;
import dev.ecsdeployer.harness.MotoExtension;
import dev.ecsdeployer.harness.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The factory leaves endpoint resolution to SDK 2.57, which reads {@code aws.endpointUrl<Service>}
 * / {@code AWS_ENDPOINT_URL_<SERVICE>} before {@code aws.endpointUrl} / {@code AWS_ENDPOINT_URL}.
 * Environment variables cannot be set in-process; the system properties are the same lookup.
 */
@ExtendWith(MotoExtension.class)
class EndpointOverrideTest {

    @Test
    void aPerServiceEndpointWinsOverTheGlobalOne() throws IOException {
        String global = System.getProperty("aws.endpointUrl");
        String deadEndpoint = "http://127.0.0.1:" + closedPort();
        AwsClientFactory oneAttempt = new AwsClientFactory(AwsClientSettings.DEFAULTS.withMaxAttempts(1));
        System.setProperty("aws.endpointUrl", deadEndpoint);
        System.setProperty("aws.endpointUrlSsm", MotoServer.start().endpoint().toString());
        try (SsmClient ssm = oneAttempt.ssm(); EcsClient ecs = oneAttempt.ecs()) {
            ssm.putParameter(r -> r.name("/endpoint/test").type(ParameterType.STRING).value("v"));
            assertEquals("v", ssm.getParameter(r -> r.name("/endpoint/test")).parameter().value());
            assertEquals(2, FaultInjector.totalCalls(), "SSM went to moto through the proxy");

            assertThrows(SdkClientException.class, ecs::listClusters, "ECS used the dead global endpoint");
            assertEquals(2, FaultInjector.totalCalls(), "nothing else reached moto");
        } finally {
            System.setProperty("aws.endpointUrl", global);
            System.clearProperty("aws.endpointUrlSsm");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
