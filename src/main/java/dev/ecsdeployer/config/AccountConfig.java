package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The AWS account an environment's services live in, when it is not the deployer's own: set only in
 * the environment's {@code _defaults}. Every read and write for those services is made with the
 * credentials of {@code roleArn}, assumed (with {@code externalId} when the role's trust policy asks
 * for one). Configs stay in the deployer's account; images may come from any registry the config names.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountConfig(String id, String roleArn, String externalId) {
}
