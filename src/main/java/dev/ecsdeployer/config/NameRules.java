package dev.ecsdeployer.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules a config path, a config and an event share, for the code outside {@code config/}
 * that checks names before they reach an AWS call (trigger parsing). Each {@code is...} method has
 * a matching message saying what is allowed. The patterns are those of {@link AwsFormats} and of
 * template.yaml's {@code Environment} parameter.
 */
public final class NameRules {

    /** template.yaml's {@code Environment} parameter: what {@code ECS_DEPLOYER_ENVIRONMENT} may be. */
    static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
    public static final String ENVIRONMENT_MESSAGE = "must be an environment name: 1 to 31 lowercase letters, digits"
            + " or hyphens, starting with a letter or digit";

    public static final String SERVICE_MESSAGE = AwsFormats.ECS_NAME_MESSAGE;
    public static final String ECR_REPOSITORY_MESSAGE = AwsFormats.ECR_REPOSITORY_MESSAGE;
    public static final String IMAGE_TAG_MESSAGE = AwsFormats.IMAGE_TAG_MESSAGE;

    /** SSM's parameter names: letters, digits and {@code _ . - /}; the API takes at most 2048 characters. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,2048}");
    public static final String PARAMETER_NAME_MESSAGE = "must be an SSM parameter name: up to 2048 letters, digits,"
            + " '_', '.', '-' or '/'";

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private NameRules() {
    }

    /** An environment: the second level of a config's parameter name. */
    public static boolean isEnvironment(String value) {
        return value != null && ENVIRONMENT.matcher(value).matches();
    }

    /** A name ECS accepts for a service or cluster (and the service level of a config's parameter name). */
    public static boolean isEcsName(String value) {
        return value != null && AwsFormats.ECS_NAME.matcher(value).matches();
    }

    public static boolean isEcrRepository(String value) {
        return value != null && AwsFormats.ECR_REPOSITORY.matcher(value).matches();
    }

    public static boolean isImageTag(String value) {
        return value != null && AwsFormats.IMAGE_TAG.matcher(value).matches();
    }

    public static boolean isParameterName(String value) {
        return value != null && PARAMETER_NAME.matcher(value).matches() && !value.contains("//");
    }

    public static boolean isAccount(String value) {
        return value != null && ACCOUNT.matcher(value).matches();
    }

    public static boolean isRegion(String value) {
        return value != null && AwsFormats.REGION.matcher(value).matches();
    }

    /** The known name closest to a misspelt one, when it is close enough to be a typo. */
    public static Optional<String> nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
