package dev.ecsdeployer.harness;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Marks the AWS calls the tests make themselves (seeding moto, reading state back for
 * assertions), as opposed to the calls the deployer's own code makes, so that {@link
 * OperationLog} records only what the Lambda role must allow. Test-only, registered for every SDK
 * client in {@code src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors}.
 *
 * <p>A call is the deployer's when the innermost {@code dev.ecsdeployer} frame on the calling
 * thread's stack is a class of {@code src/main} (loaded from {@code target/classes}, not
 * {@code target/test-classes}); otherwise the harness made it. The mark is an HTTP header the
 * {@link FaultProxy} reads and removes; calls that reach moto directly carry it harmlessly.
 */
public final class HarnessCallMarker implements ExecutionInterceptor {

    /** Present (value {@code 1}) on calls the tests make; absent on the deployer's. */
    public static final String HEADER = "x-ecs-deployer-harness-call";

    private static final ExecutionAttribute<Boolean> HARNESS = new ExecutionAttribute<>("ecs-deployer-harness-call");
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final String PROJECT = "dev.ecsdeployer.";

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(HARNESS, madeByTests());
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(HARNESS))) {
            return context.httpRequest().toBuilder().putHeader(HEADER, "1").build();
        }
        return context.httpRequest();
    }

    /** Whether the innermost project class calling the SDK is test code (true if none is on the stack). */
    static boolean madeByTests() {
        Optional<Class<?>> caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c.getName().startsWith(PROJECT))
                .filter(c -> c != HarnessCallMarker.class)
                .findFirst());
        return caller.map(HarnessCallMarker::isTestCode).orElse(true);
    }

    static boolean isTestCode(Class<?> type) {
        CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location != null) {
            return location.getPath().contains("test-classes");
        }
        String file = type.getName().replace('.', '/') + ".class";
        return Files.exists(Path.of("target", "test-classes").resolve(file))
                && !Files.exists(Path.of("target", "classes").resolve(file));
    }
}
