package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.TaskDefinitionSpec;

import java.util.Map;

/**
 * What AWS has for one service, as read before planning, in canonical form (no AWS SDK shapes).
 *
 * @param service             null when the service does not exist (or is INACTIVE)
 * @param taskDefinition      the normalised spec of the revision the service runs (null without a service)
 * @param latestRevision      the family's latest revision, when it was read (to reuse a revision a cut-off
 *                            run registered instead of registering a duplicate)
 * @param settingsTrusted     log group and scaling were not read because the fingerprint the deployer
 *                            recorded when it last applied them matches the desired ones (push path only;
 *                            a drift check always reads them)
 */
public record ActualState(
        LogGroupState logGroup,
        ServiceState service,
        TaskDefinitionSpec taskDefinition,
        Revision latestRevision,
        ScalingState scaling,
        boolean settingsTrusted) {

    /** A task definition revision: its ARN, normalised spec, and its tags (who registered it, for which config). */
    public record Revision(String arn, TaskDefinitionSpec spec, Map<String, String> tags) {
    }

    /**
     * A log group as it is; {@code retentionDays} null means "never expire". {@code ours} is whether
     * it is this config's ({@code Ownership.logGroupIsOurs}), null when its tags were not read (they
     * are read only when the deployer would lengthen its retention: the one change ownership allows).
     */
    public record LogGroupState(String name, Integer retentionDays, String arn, Boolean ours) {

        public LogGroupState withOurs(boolean ours) {
            return new LogGroupState(name, retentionDays, arn, ours);
        }
    }

    public boolean serviceExists() {
        return service != null;
    }

    /** What the deployer recorded on the service (none when there is no service). */
    public Map<String, String> serviceTags() {
        return service == null ? Map.of() : service.tags();
    }

    public String tag(String key) {
        return serviceTags().get(key);
    }
}
