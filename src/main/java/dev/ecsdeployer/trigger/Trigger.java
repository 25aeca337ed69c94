package dev.ecsdeployer.trigger;

import java.time.Instant;

/** What invoked the deployer, decoded from the EventBridge envelope or a direct command. */
public sealed interface Trigger {

    /** A short name for logs and responses. */
    String name();

    /** {@code ECR Image Action}, PUSH, SUCCESS, with a tag. */
    record EcrPush(String eventId, Instant time, String account, String region, String repository,
                   String digest, String tag) implements Trigger {

        @Override
        public String name() {
            return "ecr-push";
        }
    }

    /** An operator's {@code {"command": ...}}: deploy a service to a tag or digest, or plan it (dry run). */
    record Command(String command, String environment, String service, String tag, String digest)
            implements Trigger {

        public static final String DEPLOY = "deploy";
        public static final String PLAN = "plan";
        public static final String DRIFT_CHECK = "drift-check";
        public static final String VERIFY = "verify";

        @Override
        public String name() {
            return command;
        }
    }

    /** {@code Scheduled Event}: check every service for drift. */
    record Scheduled(String eventId, Instant time) implements Trigger {

        @Override
        public String name() {
            return "scheduled-drift-check";
        }
    }

    /** {@code Drift Check Requested} (source ecs-deployer): one shard of a drift check that fanned out. */
    record DriftShard(String environment, int index, int count) implements Trigger {

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

    /** {@code ECS Deployment State Change}; cluster and service come from {@code resources[0]}. */
    record DeploymentStateChange(String cluster, String service, String eventName, String deploymentId,
                                 String reason, Instant updatedAt, String eventId) implements Trigger {

        @Override
        public String name() {
            return "deployment-state-change";
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
