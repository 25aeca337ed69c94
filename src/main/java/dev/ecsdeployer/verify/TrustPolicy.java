package dev.ecsdeployer.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads a role's trust policy (pure): which AWS services may assume the role. */
public final class TrustPolicy {

    public static final String ECS_TASKS = "ecs-tasks.amazonaws.com";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TrustPolicy() {
    }

    /**
     * The services an {@code Allow} statement lets call {@code sts:AssumeRole}. A statement with a
     * {@code Condition} counts too: conditions such as {@code aws:SourceAccount} are recommended for
     * ECS and hold for the account's own tasks.
     *
     * @param document the policy as IAM returns it: URL-encoded JSON (moto returns it plain)
     */
    public static Set<String> servicesAllowedToAssume(String document) {
        JsonNode policy;
        try {
            policy = MAPPER.readTree(decode(document));
        } catch (JsonProcessingException e) {
            return Set.of();
        }
        Set<String> services = new LinkedHashSet<>();
        for (JsonNode statement : asList(policy == null ? null : policy.get("Statement"))) {
            boolean allows = "Allow".equals(statement.path("Effect").asText());
            boolean assumes = asList(statement.get("Action")).stream().map(JsonNode::asText)
                    .anyMatch(a -> a.equalsIgnoreCase("sts:AssumeRole") || a.equals("sts:*") || a.equals("*"));
            if (allows && assumes) {
                asList(statement.path("Principal").get("Service")).forEach(s -> services.add(s.asText()));
            }
        }
        return services;
    }

    static String decode(String document) {
        if (document == null) {
            return "{}";
        }
        String trimmed = document.trim();
        return trimmed.startsWith("{") ? trimmed : URLDecoder.decode(trimmed, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }
}
