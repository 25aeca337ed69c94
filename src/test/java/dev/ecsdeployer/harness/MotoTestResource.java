package dev.ecsdeployer.harness;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * moto for {@code @QuarkusTest}s: {@code @QuarkusTestResource(MotoTestResource.class)}. Sets the
 * client system properties (the SDK reads those, not Quarkus config) and also returns them as
 * config. The server outlives the resource; it stops at JVM exit.
 */
public final class MotoTestResource implements QuarkusTestResourceLifecycleManager {

    /** The function's execution role in the tests ({@code ECS_DEPLOYER_ROLE_ARN}). */
    public static final String DEPLOYER_ROLE = "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/ecs-deployer-test";

    @Override
    public Map<String, String> start() {
        MotoServer server = MotoServer.start();
        server.applySystemProperties();
        server.reset();
        FaultInjector.reset();
        Map<String, String> config = new java.util.HashMap<>(server.clientProperties());
        // The function's own account, as the template sets it: moto's default account.
        config.put("ecs-deployer.account-id", MotoServer.ACCOUNT);
        // The function's own role, as the template sets it: its scaling calls are not hand edits.
        config.put("ecs-deployer.role-arn", DEPLOYER_ROLE);
        return config;
    }

    @Override
    public void stop() {
        FaultInjector.reset();
    }
}
