package dev.ecsdeployer.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One field that differs: where (a path such as {@code taskDefinition.container.image}), desired and actual. */
@RegisterForReflection
public record Difference(String path, String desired, String actual) {

    @Override
    public String toString() {
        return path + ": desired " + desired + ", actual " + actual;
    }
}
