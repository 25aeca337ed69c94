package dev.ecsdeployer.verify;

/**
 * A secret's {@code valueFrom} as ECS reads it (pure): a Secrets Manager secret ARN, optionally
 * followed by {@code :<json-key>:<version-stage>:<version-id>}, or an SSM parameter (ARN or name).
 *
 * @param secretId     for Secrets Manager, the secret's ARN without the suffix; for SSM, the parameter name
 * @param versionStage the stage asked for, or null
 * @param versionId    the version asked for, or null
 */
public record SecretReference(Kind kind, String secretId, String versionStage, String versionId) {

    public enum Kind { SECRETS_MANAGER, SSM_PARAMETER }

    public static SecretReference parse(String valueFrom) {
        if (valueFrom.startsWith("arn:") && valueFrom.contains(":secretsmanager:")) {
            // arn:aws:secretsmanager:<region>:<account>:secret:<name-suffix>[:<key>:<stage>:<version>]
            String[] parts = valueFrom.split(":", -1);
            String arn = String.join(":", java.util.Arrays.copyOfRange(parts, 0, Math.min(parts.length, 7)));
            return new SecretReference(Kind.SECRETS_MANAGER, arn, part(parts, 8), part(parts, 9));
        }
        if (valueFrom.startsWith("arn:")) {
            // arn:aws:ssm:<region>:<account>:parameter/<name>; a hierarchical name keeps its leading slash.
            int at = valueFrom.indexOf(":parameter/");
            String rest = at < 0 ? valueFrom : valueFrom.substring(at + ":parameter/".length());
            return new SecretReference(Kind.SSM_PARAMETER, rest.contains("/") ? "/" + rest : rest, null, null);
        }
        return new SecretReference(Kind.SSM_PARAMETER, valueFrom, null, null);
    }

    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
    }
}
