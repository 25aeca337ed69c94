package dev.ecsdeployer.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tag by which whoever owns a task role or a secret grants it to services (pure):
 * {@code ecs-deployer:services} = a space-separated list of {@code <environment>/<service>}, or
 * {@code *} for every service. Granted outside SSM, so writing a service's config gives it no role
 * or secret its owner did not grant it.
 */
public final class ReachTag {

    public static final String KEY = "ecs-deployer:services";
    public static final String EVERY_SERVICE = "*";

    private ReachTag() {
    }

    /** Whether a tag value (null: no tag) grants the resource to {@code <environment>/<service>}. */
    public static boolean grants(String value, String environment, String service) {
        if (value == null) {
            return false;
        }
        Set<String> granted = entries(value);
        return granted.contains(EVERY_SERVICE) || granted.contains(environment + "/" + service);
    }

    /** The tag's value once {@code <environment>/<service>} is added to it, for the message saying what to tag. */
    public static String withService(String value, String environment, String service) {
        String entry = environment + "/" + service;
        return value == null || value.isBlank() ? entry : value.trim() + " " + entry;
    }

    private static Set<String> entries(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
