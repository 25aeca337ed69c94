package dev.ecsdeployer.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A difference the deployer found and will not change itself: a log group that is not ours, or a
 * retention it would have to shorten (that deletes logs). {@code action} says what the operator
 * must do to settle it.
 */
@RegisterForReflection
public record Held(String path, String desired, String actual, String reason, String action) {
}
