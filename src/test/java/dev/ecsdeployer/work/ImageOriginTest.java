package dev.ecsdeployer.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.testing.ExampleConfigs;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where images may come from, with and without ECS_DEPLOYER_ACCOUNT_ID. */
class ImageOriginTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String OWN = "123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/api";
    static final String FOREIGN = "210987654321.dkr.ecr.us-east-1.amazonaws.com/myapp/api";

    static ServiceConfig api() {
        ObjectNode doc = ExampleConfigs.load("api-prod.json");
        ConfigResult parsed = new ServiceConfigParser().parse(new ConfigLocation("ecs-deployer", "prod", "api"),
                doc.toString(), null);
        assertTrue(parsed.valid(), parsed.errors().toString());
        return parsed.config();
    }

    @Test
    void withoutTheAccountVariableNothingIsDeployedUntilAnInvocationNamesTheAccount() {
        FunctionAccount account = new FunctionAccount(Optional.empty());
        ImageOrigin origin = new ImageOrigin(account, "us-east-1");

        String refused = origin.refusal(api(), new ImageRef(FOREIGN, DIGEST, "latest"));
        assertNotNull(refused, "a push from another account is refused");
        assertTrue(refused.contains("ECS_DEPLOYER_ACCOUNT_ID"), refused);
        assertNotNull(origin.refusal(api(), new ImageRef(OWN, DIGEST, "latest")), "nor is any image trusted");

        account.learnFrom("arn:aws:lambda:us-east-1:123456789012:function:ecs-deployer-prod");
        assertNull(origin.refusal(api(), new ImageRef(OWN, DIGEST, "latest")));
        String other = origin.refusal(api(), new ImageRef(FOREIGN, DIGEST, "latest"));
        assertNotNull(other, "another account's push is still refused");
        assertTrue(other.contains(OWN), other);
    }

    @Test
    void theConfiguredAccountIsNotReplacedByAnInvocationsArn() {
        FunctionAccount account = new FunctionAccount(Optional.of("123456789012"));
        account.learnFrom("arn:aws:lambda:us-east-1:210987654321:function:other");
        assertEquals(Optional.of("123456789012"), account.get());
    }

    @Test
    void anArnThatIsNoLambdaFunctionTeachesNothing() {
        FunctionAccount account = new FunctionAccount(Optional.empty());
        account.learnFrom("arn:aws:iam::210987654321:role/x");
        account.learnFrom("not an arn");
        assertEquals(Optional.empty(), account.get());
    }
}
