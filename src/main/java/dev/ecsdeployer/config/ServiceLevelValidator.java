package dev.ecsdeployer.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.ecsdeployer.config.AwsFormats.*;

/**
 * Rules of the service's capacity (launch type or capacity provider strategy, as ECS rules), its target groups,
 * platform version and tags.
 */
final class ServiceLevelValidator {

    static final Pattern PLATFORM_VERSION = Pattern.compile("LATEST|1\\.4\\.0|1\\.3\\.0");

    private ServiceLevelValidator() {
    }

    static void check(ServiceSettings service, TaskDefinitionConfig task, Problems problems) {
        List<ServiceSettings.CapacityProviderItem> strategy = service.capacityProviderStrategy();
        if (strategy != null) {
            if (service.launchType() != null) {
                problems.add("service.launchType", service.launchType(), "is set with"
                        + " service.capacityProviderStrategy; ECS takes one or the other: leave launchType out");
            }
            checkStrategy(strategy, problems);
        }
        if (service.loadBalancer() != null && service.loadBalancers() != null) {
            problems.add("service.loadBalancers", null, "is set with service.loadBalancer; list every target group"
                    + " in loadBalancers and leave loadBalancer out");
        }
        if (service.loadBalancers() != null) {
            checkTargetGroups(service.loadBalancers(), task, problems);
        }
        problems.matches("service.platformVersion", service.platformVersion(), PLATFORM_VERSION,
                "must be a Fargate Linux platform version: LATEST, 1.4.0 or 1.3.0");
        ContainerValidator.checkTags("service.tags", service.tags(), problems);
        if (service.serviceRegistries() != null) {
            checkRegistries(service.serviceRegistries(), task, problems);
        }
    }

    /** ECS takes one service registry per service; with awsvpc, a port (SRV) or a container's mapped port. */
    private static void checkRegistries(List<ServiceSettings.ServiceRegistryConfig> registries,
                                        TaskDefinitionConfig task, Problems problems) {
        if (registries.size() > 1) {
            problems.add("service.serviceRegistries", null, "lists " + registries.size() + " registries; ECS"
                    + " associates a service with one service registry");
        }
        for (int i = 0; i < registries.size(); i++) {
            ServiceSettings.ServiceRegistryConfig r = registries.get(i);
            String at = "service.serviceRegistries[" + i + "]";
            problems.matches(at + ".registryArn", r.registryArn(), SERVICE_REGISTRY_ARN, SERVICE_REGISTRY_ARN_MESSAGE);
            problems.between(at + ".port", r.port(), 1, 65535, "");
            problems.between(at + ".containerPort", r.containerPort(), 1, 65535, "");
            if (r.port() != null && r.containerName() != null) {
                problems.add(at, null, "names both a port and a container; with awsvpc ECS takes either port (SRV"
                        + " records) or containerName with containerPort, not both");
            } else if ((r.containerName() == null) != (r.containerPort() == null)) {
                problems.add(at, null, "names " + (r.containerName() == null ? "a containerPort without a"
                        + " containerName" : "a containerName without a containerPort") + "; give both (the"
                        + " container's mapped port whose address is registered) or neither");
            } else if (task != null && r.containerName() != null && !exposes(task, r.containerName(), r.containerPort())) {
                problems.add(at, r.containerName() + ":" + r.containerPort(), "is not a port a container of the task"
                        + " maps (Cloud Map registers a container's port mapping)");
            }
        }
    }

    private static void checkStrategy(List<ServiceSettings.CapacityProviderItem> strategy, Problems problems) {
        Set<String> providers = new HashSet<>();
        int withBase = 0;
        boolean weighted = false;
        for (int i = 0; i < strategy.size(); i++) {
            ServiceSettings.CapacityProviderItem item = strategy.get(i);
            String at = "service.capacityProviderStrategy[" + i + "]";
            if (item.capacityProvider() != null && !providers.add(item.capacityProvider())) {
                problems.add(at + ".capacityProvider", item.capacityProvider(), "is already in the strategy; each"
                        + " capacity provider appears once");
            }
            problems.between(at + ".base", item.base(), 0, 100000, "");
            problems.between(at + ".weight", item.weight(), 0, 1000, "");
            if (item.base() != null && item.base() > 0) {
                withBase++;
            }
            weighted |= item.weight() != null && item.weight() > 0;
        }
        if (withBase > 1) {
            problems.add("service.capacityProviderStrategy", null, "gives a base to " + withBase + " capacity"
                    + " providers; ECS allows a base on one only");
        }
        if (!strategy.isEmpty() && !weighted) {
            problems.add("service.capacityProviderStrategy", null, "gives no capacity provider a weight above 0;"
                    + " ECS places tasks past the base by weight, so at least one needs one");
        }
    }

    private static void checkTargetGroups(List<ServiceSettings.TargetGroupConfig> groups, TaskDefinitionConfig task,
                                          Problems problems) {
        Set<String> arns = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            ServiceSettings.TargetGroupConfig tg = groups.get(i);
            String at = "service.loadBalancers[" + i + "]";
            problems.matches(at + ".targetGroupArn", tg.targetGroupArn(), TARGET_GROUP_ARN, TARGET_GROUP_ARN_MESSAGE);
            problems.between(at + ".containerPort", tg.containerPort(), 1, 65535, "");
            if (tg.targetGroupArn() != null && !arns.add(tg.targetGroupArn())) {
                problems.add(at + ".targetGroupArn", tg.targetGroupArn(), "is listed twice; one entry per target"
                        + " group");
            }
            if (task != null && tg.containerName() != null && tg.containerPort() != null
                    && !exposes(task, tg.containerName(), tg.containerPort())) {
                problems.add(at, tg.containerName() + ":" + tg.containerPort(), "is not a port a container of the"
                        + " task maps (a target group sends traffic to a container's port mapping)");
            }
        }
    }

    private static boolean exposes(TaskDefinitionConfig task, String container, int port) {
        if (task.containers() == null) {
            return container.equals(task.containerName()) && Integer.valueOf(port).equals(task.containerPort());
        }
        return task.containers().stream().filter(c -> container.equals(c.name()))
                .flatMap(c -> c.portMappings().stream())
                .anyMatch(p -> Integer.valueOf(port).equals(p.containerPort()));
    }
}
