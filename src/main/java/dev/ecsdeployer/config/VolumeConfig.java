package dev.ecsdeployer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A task volume containers mount by {@code name} ({@code containers[].mountPoints[].sourceVolume}). With
 * {@code efs}, an Amazon EFS file system; without, a volume on the task's ephemeral storage.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeConfig(String name, Efs efs) {

    /**
     * {@code transitEncryption} (TLS) is required by an access point and by IAM authorisation, as ECS requires;
     * {@code rootDirectory} must be left out (or "/") with an access point, which sets its own.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Efs(String fileSystemId, String rootDirectory, Boolean transitEncryption, String accessPointId,
                      Boolean iamAuthorization) {
    }
}
