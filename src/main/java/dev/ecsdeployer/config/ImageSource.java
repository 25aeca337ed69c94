package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The ECR repository and tag a service follows. {@code registry} defaults to the account and
 * region of the push event ({@code <account>.dkr.ecr.<region>.amazonaws.com}). {@code sidecarRegistries}, which
 * only an environment's {@code _defaults} document may set, lists further registries (hosts) the images of
 * {@code taskDefinition.containers} may come from.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSource(String repository, String tag, String registry, java.util.List<String> sidecarRegistries) {

    public ImageSource(String repository, String tag, String registry) {
        this(repository, tag, registry, null);
    }
}
