package dev.ecsdeployer.verify;

import dev.ecsdeployer.actual.EcrImages;
import dev.ecsdeployer.config.ServiceConfig;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks that run before a rollout: the pushed image's platform on every push, and
 * {@code verify} (what the config points at in AWS, plus the platform of the image it follows) on
 * a config change or a direct command.
 */
public final class Verifier {

    private final EcrImagePlatforms platforms;
    private final ServiceVerifier services;
    private final EcrImages images;

    public Verifier(EcrImagePlatforms platforms, ServiceVerifier services, EcrImages images) {
        this.platforms = platforms;
        this.services = services;
        this.images = images;
    }

    /** The platforms of a pushed image; read once per push however many services follow it. */
    public ImagePlatforms platformsOf(String registryId, String repository, String digest) {
        return platforms.read(registryId, repository, digest);
    }

    /** Every finding for a valid config; empty when the service can roll out. */
    public List<Finding> verify(ServiceConfig config) {
        List<Finding> findings = new ArrayList<>(services.verify(config));
        findings.addAll(followedImage(config));
        return List.copyOf(findings);
    }

    /**
     * Whether the config's task role and secrets are granted to its service; run before every write.
     *
     * @throws SdkException when AWS could not answer (the caller retries)
     */
    public List<Finding> reach(ServiceConfig config) {
        return services.reach(config);
    }

    /** The image the config follows must exist and run on the configured CPU architecture. */
    private List<Finding> followedImage(ServiceConfig config) {
        String repository = config.image().repository();
        String tag = config.image().tag();
        EcrImages.Resolved resolved;
        try {
            resolved = images.resolve(config.image().registry(), repository, tag, null);
        } catch (EcrImages.ImageNotFound e) {
            return List.of(new Finding("image.tag", e.getMessage(), "nothing to roll out until "
                    + repository + ":" + tag + " is pushed"));
        } catch (SdkException e) {
            return List.of(new Finding("image.repository", "not checked: " + e.getMessage(),
                    "verify needs ecr:DescribeImages"));
        }
        String uri = resolved.image().repositoryUri();
        int at = uri.indexOf(".dkr.ecr.");
        String registryId = at > 0 ? uri.substring(0, at) : null;
        ImagePlatforms platforms = this.platforms.read(registryId, repository, resolved.image().digest());
        PlatformVerdict verdict = PlatformVerdict.judge(config.taskDefinition().cpuArchitecture(),
                repository + ":" + tag, platforms);
        if (verdict.refused() && platforms instanceof ImagePlatforms.Denied) {
            return List.of(new Finding("image.repository", verdict.refusal(), "the deployer cannot check the image"));
        }
        if (verdict.refused()) {
            return List.of(new Finding("taskDefinition.cpuArchitecture", verdict.refusal(),
                    "push an image for that platform or change the architecture"));
        }
        return List.of();
    }
}
