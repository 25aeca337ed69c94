package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Lays a service document over its environment's {@code _defaults} document: objects merge
 * field by field (recursively, maps such as {@code environment} included), any other value in
 * the service document replaces the default (arrays are replaced, not concatenated), and an
 * explicit {@code null} in the service document removes an inherited value.
 */
final class DefaultsMerger {

    private DefaultsMerger() {
    }

    /** A new document; neither input is modified. */
    static ObjectNode merge(ObjectNode defaults, ObjectNode service) {
        ObjectNode merged = defaults.deepCopy();
        overlay(merged, service);
        return merged;
    }

    private static void overlay(ObjectNode target, ObjectNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode sourceObject) {
                overlay(existingObject, sourceObject);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }
}
