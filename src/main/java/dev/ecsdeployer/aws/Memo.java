package dev.ecsdeployer.aws;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;

/** A client built at most once, on first use; safe for concurrent callers. */
final class Memo<T extends SdkClient> {

    private final Supplier<T> builder;
    private volatile T value;

    Memo(Supplier<T> builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(builder.get(), "built client");
                    value = current;
                }
            }
        }
        return current;
    }

    boolean isBuilt() {
        return value != null;
    }

    synchronized void closeIfBuilt() {
        if (value != null) {
            value.close();
            value = null;
        }
    }
}
