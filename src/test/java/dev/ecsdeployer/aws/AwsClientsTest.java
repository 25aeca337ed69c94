package dev.ecsdeployer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ecsdeployer.harness.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class AwsClientsTest {

    @Test
    void clientsAreBuiltOnFirstUseAndThenReused() {
        AwsClients aws = new AwsClients(AwsClientFactory.fromEnvironment());
        assertEquals(0, aws.builtCount());

        assertSame(aws.ssm(), aws.ssm());
        assertSame(aws.ecs(), aws.ecs());
        assertSame(aws.events(), aws.events());
        assertEquals(3, aws.builtCount(), "a push needing SSM, ECS and EventBridge builds only those");

        aws.close();
        assertEquals(0, aws.builtCount());
    }

    @Test
    void theRetryStrategyAllowsMoreAttemptsThanTheSdkDefault() {
        assertEquals(8, AwsClientSettings.DEFAULTS.retryStrategy().maxAttempts());
    }
}
