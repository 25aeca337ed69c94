package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The ECR repository and tag a service follows. {@code registry} defaults to the account and
 * region of the push event ({@code <account>.dkr.ecr.<region>.amazonaws.com}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSource(String repository, String tag, String registry) {
}
