package dev.ecsdeployer.work;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The AWS account the function runs in: {@code ECS_DEPLOYER_ACCOUNT_ID} when set (the template sets
 * it), else learned from the first invocation's {@code invokedFunctionArn}
 * ({@code arn:<partition>:lambda:<region>:<account>:function:<name>}). Images are pinned to it: while
 * it is unknown, a service without {@code image.registry} deploys nothing.
 */
public final class FunctionAccount {

    private final AtomicReference<String> account;

    public FunctionAccount(Optional<String> configured) {
        this.account = new AtomicReference<>(configured.filter(FunctionAccount::isAccount).orElse(null));
    }

    public Optional<String> get() {
        return Optional.ofNullable(account.get());
    }

    /** Learns the account from an invocation's function ARN, unless it is known already. */
    public void learnFrom(String invokedFunctionArn) {
        if (account.get() != null || invokedFunctionArn == null) {
            return;
        }
        String[] parts = invokedFunctionArn.split(":");
        if (parts.length >= 7 && "arn".equals(parts[0]) && "lambda".equals(parts[2]) && isAccount(parts[4])) {
            account.compareAndSet(null, parts[4]);
        }
    }

    static boolean isAccount(String value) {
        return value != null && value.matches("\\d{12}");
    }
}
