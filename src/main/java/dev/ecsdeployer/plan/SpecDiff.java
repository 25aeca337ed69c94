package dev.ecsdeployer.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Field-by-field comparison of two normalised specs of the same type. Both sides go through
 * the same JSON tree so every difference gets a path a user can read.
 */
public final class SpecDiff {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecDiff() {
    }

    public static List<Difference> diff(String root, Object desired, Object actual) {
        List<Difference> out = new ArrayList<>();
        walk(root, tree(desired), tree(actual), out);
        return List.copyOf(out);
    }

    private static JsonNode tree(Object value) {
        return value == null ? NullNode.getInstance() : MAPPER.valueToTree(value);
    }

    private static void walk(String path, JsonNode desired, JsonNode actual, List<Difference> out) {
        if (desired.equals(actual)) {
            return;
        }
        if (desired.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            desired.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path + "." + name, node(desired.get(name)), node(actual.get(name)), out);
            }
            return;
        }
        if (desired.isArray() && actual.isArray() && desired.size() == actual.size() && containsObjects(desired)) {
            for (int i = 0; i < desired.size(); i++) {
                walk(path + "[" + i + "]", desired.get(i), actual.get(i), out);
            }
            return;
        }
        out.add(new Difference(path, text(desired), text(actual)));
    }

    private static boolean containsObjects(JsonNode array) {
        Iterator<JsonNode> it = array.elements();
        while (it.hasNext()) {
            if (it.next().isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode node(JsonNode n) {
        return n == null ? NullNode.getInstance() : n;
    }

    private static String text(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return "(none)";
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
