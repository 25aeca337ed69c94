package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of {@code account}: set only in the environment's {@code _defaults} (a service's own
 * document cannot move itself to another account or pick the role the deployer assumes), a role of
 * that account, and every ARN the config names in that account, so a service is never half in one
 * account and half in another. Lifecycle hook targets are exempt: ECS calls the deployer's own
 * function, which lives in the deployer's account.
 */
final class AccountRules {

    static final String FIELD = "account";
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final List<String> EXEMPT = List.of("hookTargetArn");

    private AccountRules() {
    }

    /** A service's own document may not name an account: reported, and taken out so it is not merged. */
    static List<ConfigError> notInService(ConfigLocation location, ObjectNode service) {
        JsonNode own = service.remove(FIELD);
        return own == null ? List.of() : List.of(new ConfigError(FIELD, JsonText.of(own), "may be set only in the"
                + " environment's defaults document " + location.defaultsParameterName() + ": the account (and the"
                + " role the deployer assumes there) is the environment's, not a service's"));
    }

    /** The account's own fields, and every ARN of the merged document against its id. */
    static List<ConfigError> check(ObjectNode merged) {
        JsonNode account = merged.get(FIELD);
        if (account == null || !account.isObject()) {
            return List.of(); // absent, or a shape the schema already reported
        }
        List<ConfigError> errors = new ArrayList<>();
        // The schema checks the structure (required id and roleArn); the values are checked here, as for
        // every other field, with the role and every ARN in the account the id names.
        String id = account.path("id").asText("");
        if (!ACCOUNT_ID.matcher(id).matches()) {
            errors.add(new ConfigError("account.id", JsonText.of(account.get("id")), "must be a 12-digit AWS account id"));
            return errors;
        }
        String role = account.path("roleArn").asText("");
        if (!AwsFormats.ROLE_ARN.matcher(role).matches() || !id.equals(arnAccount(role))) {
            errors.add(new ConfigError("account.roleArn", JsonText.of(account.get("roleArn")), "must be a role in"
                    + " account " + id + " (arn:aws:iam::" + id + ":role/<name>): the role the deployer assumes for"
                    + " this environment's services"));
        }
        JsonNode external = account.get("externalId");
        if (external != null && !(external.isTextual() && EXTERNAL_ID.matcher(external.asText()).matches())) {
            errors.add(new ConfigError("account.externalId", JsonText.of(external), "must be 2 to 1224 letters,"
                    + " digits or any of + = , . @ : / - _ (STS's external id)"));
        }
        forEachArn(merged, "", (path, arn) -> {
            String in = arnAccount(arn);
            if (!path.startsWith(FIELD + ".") && !in.isEmpty() && !in.equals(id)) {
                errors.add(new ConfigError(path, arn, "names account " + in + ", but this environment's services"
                        + " live in account " + id + " (account.id in its _defaults): use a resource of account " + id));
            }
        });
        return errors;
    }

    /** The account field of an ARN ({@code arn:partition:service:region:account:...}), or "" when it has none. */
    static String arnAccount(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 6 ? parts[4] : "";
    }

    private static void forEachArn(JsonNode node, String path, java.util.function.BiConsumer<String, String> sink) {
        if (node.isTextual() && node.asText().startsWith("arn:")) {
            sink.accept(path, node.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!EXEMPT.contains(field.getKey())) {
                    forEachArn(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), sink);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachArn(node.get(i), path + "[" + i + "]", sink);
            }
        }
    }
}
