package dev.ecsdeployer.verify;

import dev.ecsdeployer.config.CpuArchitecture;

import java.util.List;

/**
 * Whether an image may roll out to a service of a CPU architecture (pure).
 *
 * <p>A platform that cannot be determined is allowed, with a notice: the deployer itself may lack
 * a permission or network path to the registry's blob store, and refusing every rollout for that
 * would turn a deployer gap into an outage of all deploys, while the circuit breaker still rolls a
 * wrong image back. A platform that is known and does not fit is refused, and so is an image ECR
 * refuses to show the deployer (AccessDenied): the refusal names the permission to grant.
 *
 * @param refusal why the rollout is refused, or null
 * @param notice  what the report should say though the rollout goes on, or null
 */
public record PlatformVerdict(String refusal, String notice) {

    public boolean refused() {
        return refusal != null;
    }

    public List<String> notices() {
        return notice == null ? List.of() : List.of(notice);
    }

    public static PlatformVerdict judge(CpuArchitecture architecture, String image, ImagePlatforms platforms) {
        CpuArchitecture arch = architecture == null ? CpuArchitecture.X86_64 : architecture;
        Platform required = Platform.requiredBy(arch);
        if (platforms instanceof ImagePlatforms.Known known) {
            if (known.platforms().stream().anyMatch(p -> p.runs(required))) {
                return new PlatformVerdict(null, null);
            }
            return new PlatformVerdict(image + " (" + known.source() + ") has only "
                    + known.platforms().stream().map(Platform::toString).distinct().toList()
                    + "; taskDefinition.cpuArchitecture " + arch + " needs " + required, null);
        }
        if (platforms instanceof ImagePlatforms.Missing missing) {
            return new PlatformVerdict(missing.reason(), null);
        }
        if (platforms instanceof ImagePlatforms.Denied denied) {
            return new PlatformVerdict("ECR denied the deployer " + denied.permission() + " on " + image
                    + ", so the image was not checked and is not rolled out; allow " + denied.permission()
                    + " on the repository to the deployer's role (template.yaml FollowedRepositories), and in the"
                    + " repository's policy when the registry is another account's (" + denied.reason() + ")", null);
        }
        String why = platforms instanceof ImagePlatforms.Undetermined u ? u.reason()
                : "the platform is in config blob " + ((ImagePlatforms.InConfigBlob) platforms).configDigest()
                        + ", which was not read";
        return new PlatformVerdict(null, "image platform not verified (" + why + "); rolled out for "
                + required + " unchecked");
    }
}
