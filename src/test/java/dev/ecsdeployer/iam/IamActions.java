package dev.ecsdeployer.iam;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps the operations the harness records ({@code Service.Operation}, as {@code FaultInjector}
 * names them) to IAM actions and checks them against a role's statements. An action is allowed
 * when an Allow statement covers it and no unconditional Deny of every resource does; whether the
 * statement's resources and conditions fit the call is not checked here.
 */
public final class IamActions {

    /** FaultInjector's service names (from the SigV4 signing name) to IAM service prefixes. */
    static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("ECS", "ecs"),
            Map.entry("SSM", "ssm"),
            Map.entry("ECR", "ecr"),
            Map.entry("CloudWatchLogs", "logs"),
            Map.entry("CloudWatch", "cloudwatch"),
            Map.entry("ApplicationAutoScaling", "application-autoscaling"),
            Map.entry("EventBridge", "events"),
            Map.entry("SQS", "sqs"),
            Map.entry("STS", "sts"),
            Map.entry("IAM", "iam"),
            Map.entry("SecretsManager", "secretsmanager"),
            Map.entry("ELBv2", "elasticloadbalancing"),
            Map.entry("EC2", "ec2"));

    /** SQS's batch APIs have no IAM action of their own: IAM authorises each as its single action. */
    static final Map<String, String> AUTHORISED_AS = Map.of(
            "sqs:SendMessageBatch", "sqs:SendMessage",
            "sqs:DeleteMessageBatch", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility");

    private IamActions() {
    }

    /** {@code ECS.UpdateService} → {@code ecs:UpdateService}; an unknown service is an error. */
    public static String iamAction(String operation) {
        int dot = operation.indexOf('.');
        if (dot <= 0 || dot == operation.length() - 1) {
            throw new IllegalArgumentException("not a Service.Operation: '" + operation + "'");
        }
        String prefix = PREFIXES.get(operation.substring(0, dot));
        if (prefix == null) {
            throw new IllegalArgumentException("no IAM prefix known for the service of '" + operation
                    + "'; known: " + PREFIXES.keySet());
        }
        String action = prefix + ":" + operation.substring(dot + 1);
        return AUTHORISED_AS.getOrDefault(action, action);
    }

    /** IAM action matching: case-insensitive, {@code *} any run of characters, {@code ?} one. */
    public static boolean matches(String pattern, String action) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(action).matches();
    }

    public static boolean allowed(List<PolicyStatement> statements, String action) {
        boolean denied = statements.stream().anyMatch(s -> !s.allow() && s.unconditional() && s.covers(action));
        return !denied && statements.stream().anyMatch(s -> s.allow() && s.covers(action));
    }

    /** The operations the statements do not allow, each with its IAM action or why it has none; sorted. */
    public static Map<String, String> ungranted(Collection<String> operations, List<PolicyStatement> statements) {
        Map<String, String> missing = new LinkedHashMap<>();
        operations.stream().sorted().forEach(op -> {
            String action;
            try {
                action = iamAction(op);
            } catch (IllegalArgumentException e) {
                missing.put(op, e.getMessage());
                return;
            }
            if (!allowed(statements, action)) {
                missing.put(op, action);
            }
        });
        return missing;
    }

    /** Granted actions (as written in the statements) that no recorded operation used; informational. */
    public static List<String> unused(Collection<String> operations, List<PolicyStatement> statements) {
        List<String> used = operations.stream().map(op -> {
            try {
                return iamAction(op);
            } catch (IllegalArgumentException e) {
                return op;
            }
        }).toList();
        return statements.stream().filter(PolicyStatement::allow).flatMap(s -> s.actions().stream())
                .filter(p -> used.stream().noneMatch(a -> matches(p, a))).map(p -> p.toLowerCase(Locale.ROOT))
                .distinct().sorted().toList();
    }
}
