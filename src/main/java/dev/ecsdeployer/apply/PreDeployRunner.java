package dev.ecsdeployer.apply;

import dev.ecsdeployer.actual.ActualState;
import dev.ecsdeployer.actual.PendingPreDeploy;
import dev.ecsdeployer.actual.ServiceState;
import dev.ecsdeployer.actual.ServiceTags;
import dev.ecsdeployer.config.PreDeployConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredState;
import dev.ecsdeployer.desired.ImageRef;
import dev.ecsdeployer.desired.Ownership;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pre-deploy task ({@code service.preDeploy}): before a new image is rolled out, one task of its
 * revision runs the configured command (RunTask, in the service's network, with the service's launch
 * type); the rollout waits for its {@code ECS Task State Change} (STOPPED) and happens only on exit
 * code 0. Nothing waits inside the function: what is pending is recorded in the service's tags.
 */
public final class PreDeployRunner {

    private static final Logger LOG = Logger.getLogger(PreDeployRunner.class);

    private final EcsClient ecs;

    PreDeployRunner(EcsClient ecs) {
        this.ecs = ecs;
    }

    /**
     * Whether this rollout must first run the pre-deploy task: the config has one, the service exists
     * (a first creation has no running version to protect), the image is not the one the service runs,
     * and this is not the rollout the task's exit 0 released.
     */
    static boolean gates(DesiredState desired, ActualState actual, ReconcileRequest request) {
        if (desired.config().service().preDeploy() == null || request.preDeployed() || actual.service() == null) {
            return false;
        }
        String running = actual.tag(ServiceTags.IMAGE_DIGEST);
        if (running == null && actual.taskDefinition() != null && actual.taskDefinition().container() != null) {
            ImageRef image = ImageRef.parse(actual.taskDefinition().container().image());
            running = image == null ? null : image.digest();
        }
        return !desired.image().digest().equals(running);
    }

    /**
     * Why a rollout of {@code image} waits for (or must not replace) the pending pre-deploy, or null: a
     * pre-deploy of this very image runs already, or the image was pushed before the pending one's.
     */
    static String waitReason(ServiceConfig config, ActualState actual, ImageRef image, ReconcileRequest request) {
        if (config.service().preDeploy() == null || request.preDeployed() || !request.mayWrite()) {
            return null;
        }
        PendingPreDeploy pending = PendingPreDeploy.of(actual.serviceTags()).orElse(null);
        if (pending == null) {
            return null;
        }
        if (pending.image().digest().equals(image.digest())) {
            return pending.describe() + " is running; the rollout waits for it to exit 0";
        }
        if (request.automatic() && request.pushedAt() != null && pending.pushedAt() != null
                && request.pushedAt().isBefore(pending.pushedAt())) {
            return "image " + image.digest() + " pushed at " + request.pushedAt() + " is older than the image of the "
                    + pending.describe() + ", pushed at " + pending.pushedAt();
        }
        return null; // A newer image supersedes the pending one: its task is stopped, its stop event ignored.
    }

    /**
     * Stops a pending pre-deploy of another image (superseded), runs the task of {@code revisionArn} and
     * records it on the service. Returns the task's ARN.
     */
    String start(DesiredState desired, ActualState actual, String revisionArn, ReconcileRequest request) {
        ServiceState service = actual.service();
        PendingPreDeploy.of(service.tags()).ifPresent(previous -> stop(desired.cluster(), previous.taskId(),
                "superseded by the pre-deploy of " + desired.image().digest()));
        RunTaskResponse run = ecs.runTask(runTask(desired, revisionArn));
        if (run.tasks().isEmpty()) {
            throw SdkClientException.create("RunTask started no pre-deploy task: " + run.failures().stream()
                    .map(f -> f.arn() + " " + f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"))
                    .toList());
        }
        String taskArn = run.tasks().get(0).taskArn();
        PendingPreDeploy pending = new PendingPreDeploy(PendingPreDeploy.taskId(taskArn), desired.image(),
                Instant.now(), request.pushedAt(), request.requestedAt());
        tag(service, pending.tags());
        return taskArn;
    }

    /** A failed (or timed-out) pre-deploy: no longer pending, and its image not redeployed automatically. */
    public void failed(ServiceState service, PendingPreDeploy pending) {
        Map<String, String> tags = new LinkedHashMap<>(PendingPreDeploy.cleared());
        tags.put(ServiceTags.FAILED_DIGESTS, ServiceTags.withFailedDigest(service.tags(), pending.image().digest()));
        tag(service, tags);
    }

    /** The pre-deploy settled (its image rolled out, or refused for a reason of its own). */
    public void settled(ServiceState service) {
        tag(service, PendingPreDeploy.cleared());
    }

    /** Stops a pre-deploy task; one already stopped or gone is no error. */
    public void stop(String cluster, String taskId, String reason) {
        try {
            ecs.stopTask(b -> b.cluster(cluster).task(taskId).reason(reason));
        } catch (EcsException e) {
            LOG.warnf("stopping pre-deploy task %s in %s: %s", taskId, cluster, e.getMessage());
        }
    }

    /**
     * RunTask of the new revision with the pre-deploy's command (and task size) in place of the service
     * container's, in the service's network and launch type; startedBy and group mark it as the deployer's
     * pre-deploy (the EventBridge rule matches on them), its tags name the config and the image.
     */
    static RunTaskRequest runTask(DesiredState desired, String revisionArn) {
        PreDeployConfig preDeploy = desired.config().service().preDeploy();
        Map<String, String> tags = new LinkedHashMap<>(Ownership.tags(desired.config()));
        tags.put(ServiceTags.IMAGE_DIGEST, desired.image().digest());
        return RunTaskRequest.builder()
                .cluster(desired.cluster())
                .taskDefinition(revisionArn)
                .count(1)
                .launchType(desired.service().launchType())
                .networkConfiguration(EcsRequests.network(desired.service()))
                .overrides(TaskOverride.builder()
                        .containerOverrides(ContainerOverride.builder()
                                .name(desired.config().taskDefinition().containerName())
                                .command(preDeploy.command())
                                .build())
                        .cpu(preDeploy.cpu() == null ? null : String.valueOf(preDeploy.cpu()))
                        .memory(preDeploy.memory() == null ? null : String.valueOf(preDeploy.memory()))
                        .build())
                .startedBy(PendingPreDeploy.STARTED_BY)
                .group(PendingPreDeploy.GROUP)
                .enableECSManagedTags(true)
                .tags(EcsRequests.tags(tags))
                .build();
    }

    private void tag(ServiceState service, Map<String, String> wanted) {
        Map<String, String> current = new HashMap<>(service.tags());
        Map<String, String> changed = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (v != null && !v.equals(current.get(k)) && !(v.isEmpty() && current.get(k) == null)) {
                changed.put(k, v);
            }
        });
        if (!changed.isEmpty()) {
            ecs.tagResource(b -> b.resourceArn(service.arn()).tags(EcsRequests.tags(changed)));
        }
    }
}
