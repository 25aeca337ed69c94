package dev.ecsdeployer.desired;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A CloudWatch Logs group and its retention. */
@RegisterForReflection
public record LogGroupSpec(String name, int retentionDays) {
}
