package dev.ecsdeployer.prime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.harness.MotoExtension;
import dev.ecsdeployer.harness.FaultInjector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priming runs every step without failing and calls nothing outside its loopback endpoint: the
 * clients it builds for production are not called (the moto the environment points at records no
 * operation from it).
 */
@ExtendWith(MotoExtension.class)
class PrimingTest {

    @Test
    void everyStepRunsAndNoAwsCallIsMade() {
        FaultInjector.reset();
        AwsClients aws = new AwsClients(AwsClientFactory.fromEnvironment());

        Priming.Result result = Priming.prime(aws, new ObjectMapper().findAndRegisterModules()); // as Quarkus configures it

        assertEquals(List.of(), result.failures());
        assertEquals(List.of("clients", "push", "cloudwatch"), List.copyOf(result.millis().keySet()));
        assertTrue(aws.builtCount() >= 9, "the production clients are built: " + aws.builtCount());
        assertEquals(0, FaultInjector.totalCalls(), "priming made no call to the AWS endpoint: " + FaultInjector.calls());
        aws.close();
    }

    @Test
    void theEmbeddedExamplesArePackaged() throws Exception {
        assertTrue(Priming.resource(Priming.EXAMPLE_CONFIG).contains("\"taskDefinition\""));
        assertTrue(Priming.resource(Priming.EXAMPLE_PUSH).contains("ECR Image Action"));
    }
}
