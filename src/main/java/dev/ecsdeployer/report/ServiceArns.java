package dev.ecsdeployer.report;

import dev.ecsdeployer.apply.ReconcileOutcome;
import dev.ecsdeployer.config.ServiceConfig;

import java.util.List;

/**
 * The ECS service ARN an event is about, for its {@code resources}: EventBridge rules can then match
 * a service ({@code "resources": ["arn:aws:ecs:...:service/<cluster>/<service>"]}) or a cluster
 * ({@code {"wildcard": "...:service/<cluster>/*"}}). The ARN ECS returned when the service was read;
 * otherwise the one it has or will have, from the config, the region and the function's account
 * ({@code ECS_DEPLOYER_ACCOUNT_ID}, which the template sets); none when the account is unknown.
 */
public final class ServiceArns {

    private final String region;
    private final String account;

    /** @param account null when unknown (local runs): then only ARNs ECS returned are used */
    public ServiceArns(String region, String account) {
        this.region = region;
        this.account = account;
    }

    public static ServiceArns none() {
        return new ServiceArns(null, null);
    }

    public List<String> of(ReconcileOutcome outcome) {
        if (outcome.actual() != null && outcome.actual().service() != null && outcome.actual().service().arn() != null) {
            return List.of(outcome.actual().service().arn());
        }
        return of(outcome.config());
    }

    public List<String> of(ServiceConfig config) {
        if (config == null || config.service() == null) {
            return List.of();
        }
        return of(config.service().cluster(), config.service().serviceName());
    }

    public List<String> of(String cluster, String serviceName) {
        if (account == null || region == null || cluster == null || serviceName == null) {
            return List.of();
        }
        return List.of("arn:" + partition(region) + ":ecs:" + region + ":" + account + ":service/" + cluster + "/"
                + serviceName);
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }
}
