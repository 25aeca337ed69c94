package dev.ecsdeployer.harness;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(MotoExtension.class)}: moto is running, the production client factory points
 * at it (system properties: endpoint, region us-east-1, dummy credentials), moto is empty at the
 * start of the test class, and no fault injection or call count leaks in from an earlier test.
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer server = MotoServer.start();
        server.applySystemProperties();
        server.reset();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FaultInjector.reset();
    }
}
