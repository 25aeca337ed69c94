package dev.ecsdeployer.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds configs that would manage the same AWS resource: the same ECS service (cluster and service name),
 * the same task definition family, or the same log group. Each config is valid on its own (names derived
 * from its parameter name, or overridden where {@code _defaults} allows it), yet two of them can still meet:
 * an override that picks another config's name, or two projects whose names run together. Both sides of
 * such a pair must be held back: whichever was applied last would win, and each run would undo the other.
 *
 * <p>Pure. Families and log groups are compared across everything given (they are per account and region);
 * ECS services within a cluster. Give it the configs one function manages (one environment, or every
 * environment of its account and region).
 */
public final class ConfigConflicts {

    private ConfigConflicts() {
    }

    /**
     * For every config that shares a managed name with another, one error per shared name and other config, naming
     * the other config's parameter name. Configs with no conflict are absent; invalid results (no config) are
     * skipped. Keys keep the order of {@code results}; the lists are unmodifiable.
     */
    public static Map<ConfigLocation, List<ConfigError>> find(Collection<ConfigResult> results) {
        List<ConfigResult> valid = results.stream().filter(ConfigResult::valid).toList();
        Map<ConfigLocation, List<ConfigError>> found = new LinkedHashMap<>();
        compare(valid, "service.serviceName", ConfigConflicts::ecsService,
                c -> c.service() == null ? null : c.service().serviceName(),
                "the same ECS service", found);
        compare(valid, "taskDefinition.family", c -> c.taskDefinition() == null ? null : c.taskDefinition().family(),
                c -> c.taskDefinition().family(), "the same task definition family", found);
        compare(valid, "logGroup.name", c -> c.logGroup() == null ? null : c.logGroup().name(),
                c -> c.logGroup().name(), "the same log group", found);
        Map<ConfigLocation, List<ConfigError>> ordered = new LinkedHashMap<>();
        for (ConfigResult result : valid) {
            List<ConfigError> errors = found.get(result.location());
            if (errors != null) {
                ordered.put(result.location(), List.copyOf(errors));
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    /**
     * {@code results} with every config that conflicts turned into an invalid result carrying its conflict errors,
     * so that it is reported ({@code Config Rejected}) and not applied; the others unchanged, in the same order.
     */
    public static List<ConfigResult> check(List<ConfigResult> results) {
        Map<ConfigLocation, List<ConfigError>> conflicts = find(results);
        if (conflicts.isEmpty()) {
            return List.copyOf(results);
        }
        List<ConfigResult> checked = new ArrayList<>(results.size());
        for (ConfigResult result : results) {
            List<ConfigError> errors = result.valid() ? conflicts.get(result.location()) : null;
            checked.add(errors == null ? result : ConfigResult.invalid(result.location(), errors));
        }
        return List.copyOf(checked);
    }

    /**
     * Groups the configs by {@code key} and, in every group of two or more, gives each config an error naming each
     * other config of the group.
     */
    private static void compare(List<ConfigResult> valid, String path, Function<ServiceConfig, String> key,
                                Function<ServiceConfig, String> shown, String what,
                                Map<ConfigLocation, List<ConfigError>> found) {
        Map<String, List<ConfigResult>> byKey = new LinkedHashMap<>();
        for (ConfigResult result : valid) {
            String k = key.apply(result.config());
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(result);
            }
        }
        for (List<ConfigResult> group : byKey.values()) {
            if (group.size() < 2) {
                continue;
            }
            for (ConfigResult one : group) {
                for (ConfigResult other : group) {
                    if (other != one) {
                        found.computeIfAbsent(one.location(), x -> new ArrayList<>()).add(new ConfigError(path,
                                JsonText.of(shown.apply(one.config())), message(what, one.config(), other)));
                    }
                }
            }
        }
    }

    private static String message(String what, ServiceConfig one, ConfigResult other) {
        String where = what.equals("the same ECS service") ? " (cluster " + JsonText.of(one.service().cluster()) + ")"
                : "";
        return "is also named by " + other.location().parameterName() + where + ": two configs would manage " + what
                + " and undo each other's changes; give one of them another name";
    }

    /** Cluster and service name: an ECS service is unique within its cluster. */
    private static String ecsService(ServiceConfig c) {
        return c.service() == null || c.service().cluster() == null || c.service().serviceName() == null ? null
                : c.service().cluster() + "/" + c.service().serviceName();
    }
}
