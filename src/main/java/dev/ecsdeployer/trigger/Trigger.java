package dev.ecsdeployer.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What invoked the deployer, decoded from the EventBridge envelope or a direct command. */
public sealed interface Trigger {

    /** A short name for logs and responses. */
    String name();

    /** The 12-digit account of an ARN ({@code arn:partition:service:region:account:...}), or null. */
    static String arnAccount(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 && parts[4].matches("[0-9]{12}") ? parts[4] : null;
    }

    /** {@code ECR Image Action}, PUSH, SUCCESS, with a tag. */
    record EcrPush(String eventId, Instant time, String account, String region, String repository,
                   String digest, String tag) implements Trigger {

        @Override
        public String name() {
            return "ecr-push";
        }
    }

    /** An operator's {@code {"command": ...}}: one record per command, dispatched by a switch over this type. */
    sealed interface Command extends Trigger {

        String DEPLOY = "deploy";
        String PLAN = "plan";
        String DRIFT_CHECK = "drift-check";
        String VERIFY = "verify";
        String HOLD = "hold";
        String RELEASE = "release";
        String ROLLBACK = "rollback";

        /** The environment named, or null (a drift check of every environment). */
        String environment();
    }

    /**
     * {@code deploy}: one service to a tag (default: the followed tag) or a digest.
     *
     * @param force deploy during a deploy freeze
     */
    record Deploy(String environment, String service, String tag, String digest, boolean force) implements Command {

        @Override
        public String name() {
            return DEPLOY;
        }
    }

    /** {@code plan}: what a deploy would change, nothing applied. */
    record Plan(String environment, String service, String tag, String digest) implements Command {

        @Override
        public String name() {
            return PLAN;
        }
    }

    /** {@code verify}: what the service's config points at in AWS exists and fits. */
    record Verify(String environment, String service) implements Command {

        @Override
        public String name() {
            return VERIFY;
        }
    }

    /** {@code hold}: automatic deploys of the service wait (pushes are kept) until it is released. */
    record Hold(String environment, String service, String reason) implements Command {

        @Override
        public String name() {
            return HOLD;
        }
    }

    /** {@code release}: lifts a hold and deploys the newest push that arrived while held. */
    record Release(String environment, String service, boolean force) implements Command {

        @Override
        public String name() {
            return RELEASE;
        }
    }

    /** {@code rollback}: the last image whose deployment completed (before the one running now), as an operator's deploy. */
    record Rollback(String environment, String service, boolean force) implements Command {

        @Override
        public String name() {
            return ROLLBACK;
        }
    }

    /** {@code drift-check}: one environment, or every one when none is named. */
    record DriftCheck(String environment) implements Command {

        @Override
        public String name() {
            return DRIFT_CHECK;
        }
    }

    /** {@code Scheduled Event}: check every service for drift. */
    record Scheduled(String eventId, Instant time) implements Trigger {

        @Override
        public String name() {
            return "scheduled-drift-check";
        }
    }

    /**
     * {@code Drift Check Requested} (source ecs-deployer): one shard of a drift check that fanned out;
     * {@code services} names its configs (null in an event from before shards named them).
     */
    /** {@code scheduledAt}: the scheduled check's time (null from an operator's check or an older event). */
    record DriftShard(String environment, int index, int count, List<String> services, Instant scheduledAt)
            implements Trigger {

        public DriftShard {
            services = services == null ? null : List.copyOf(services);
        }

        @Override
        public String name() {
            return "drift-check-shard";
        }
    }

    /** {@code Parameter Store Change}: a config was created, updated or deleted. */
    record ParameterChange(String parameterName, String operation, String eventId) implements Trigger {

        @Override
        public String name() {
            return "config-change";
        }
    }

    /**
     * {@code ECS Deployment State Change}; account, cluster and service come from {@code resources[0]}
     * (the service's ARN).
     */
    record DeploymentStateChange(String account, String cluster, String service, String eventName, String deploymentId,
                                 String reason, Instant updatedAt, String eventId) implements Trigger {

        @Override
        public String name() {
            return "deployment-state-change";
        }
    }

    /**
     * {@code ECS Task State Change}, STOPPED, of a pre-deploy task the deployer started ({@code startedBy}
     * says so); the cluster comes from {@code clusterArn}, the family from {@code taskDefinitionArn}.
     */
    record TaskStopped(String cluster, String taskArn, String taskDefinitionArn, String stopCode,
                       String stoppedReason, List<ContainerExit> containers, String eventId) implements Trigger {

        public TaskStopped {
            containers = List.copyOf(containers);
        }

        /** The task definition family, from {@code arn:...:task-definition/<family>:<revision>}. */
        public String family() {
            String name = taskDefinitionArn.substring(taskDefinitionArn.indexOf(":task-definition/")
                    + ":task-definition/".length());
            return name.contains(":") ? name.substring(0, name.lastIndexOf(':')) : name;
        }

        @Override
        public String name() {
            return "task-stopped";
        }
    }

    /** One container of a stopped task: its exit code (none when it never ran) and ECS's reason. */
    record ContainerExit(String name, Integer exitCode, String reason) {
    }

    /**
     * ECS calling the deployer as a deployment lifecycle hook (no EventBridge envelope): the service, the revision
     * being deployed, and the share of production and test traffic each revision has (revision ARN → percent).
     * ECS waits for the answer, so it is judged in the invocation, never queued.
     */
    record LifecycleHook(String serviceArn, String cluster, String service, String targetServiceRevisionArn,
                         Map<String, Double> productionTrafficWeights, Map<String, Double> testTrafficWeights)
            implements Trigger {

        /** The service's account, from its ARN (null when the ARN names none). */
        public String account() {
            return arnAccount(serviceArn);
        }

        @Override
        public String name() {
            return "lifecycle-hook";
        }
    }

    /**
     * {@code AWS API Call via CloudTrail} of Application Auto Scaling on an ECS service's scaling
     * (PutScalingPolicy, DeleteScalingPolicy, RegisterScalableTarget, DeregisterScalableTarget) that
     * succeeded and was made by someone other than the deployer: a hand edit, checked at once.
     *
     * @param account the account the call was made in (the envelope's), where the service lives
     * @param caller  who made the call: the role an assumed-role session was issued by, else the identity's ARN
     */
    record ScalingApiCall(String eventId, String account, String region, String cluster, String service,
                          String eventName, String caller) implements Trigger {

        /** Application Auto Scaling's id of the service: {@code service/<cluster>/<service>}. */
        public String resourceId() {
            return "service/" + cluster + "/" + service;
        }

        @Override
        public String name() {
            return "scaling-api-call";
        }
    }

    /** A well-formed event that asks for nothing (an untagged manifest, a failed push, ...). */
    record Ignored(String reason) implements Trigger {

        @Override
        public String name() {
            return "ignored";
        }
    }
}
