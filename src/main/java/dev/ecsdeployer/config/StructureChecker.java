package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.config.ConfigShape.ArrayShape;
import dev.ecsdeployer.config.ConfigShape.EnumShape;
import dev.ecsdeployer.config.ConfigShape.MapShape;
import dev.ecsdeployer.config.ConfigShape.ObjectShape;
import dev.ecsdeployer.config.ConfigShape.Scalar;
import dev.ecsdeployer.config.ConfigShape.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a merged document against {@link ConfigShape}: unknown fields, wrong JSON types,
 * missing required fields. Every value that does not fit is removed from the document, so
 * the rest can still be bound and validated and the user sees all problems in one pass.
 * JSON {@code null} counts as absent.
 */
final class StructureChecker {

    private final List<ConfigError> errors = new ArrayList<>();

    private StructureChecker() {
    }

    /** Checks and prunes {@code document} in place; returns the problems found, in document order. */
    static List<ConfigError> check(ObjectNode document) {
        StructureChecker checker = new StructureChecker();
        checker.checkObject(document, ConfigShape.SERVICE_CONFIG, "");
        return checker.errors;
    }

    private void checkObject(ObjectNode node, ObjectShape shape, String path) {
        for (String name : fieldNames(node)) {
            JsonNode value = node.get(name);
            Shape fieldShape = shape.fields().get(name);
            String fieldPath = join(path, name);
            if (fieldShape == null) {
                errors.add(new ConfigError(fieldPath, null, unknownFieldMessage(name, shape)));
                node.remove(name);
            } else if (value.isNull() || !fits(value, fieldShape, fieldPath)) {
                node.remove(name);
            }
        }
        for (String name : shape.required()) {
            if (!node.has(name) && !reported(join(path, name))) {
                errors.add(new ConfigError(join(path, name), null, requiredMessage(name, path)));
            }
        }
    }

    /** Whether {@code value} fits {@code shape}; nested misfits are reported and pruned here. */
    private boolean fits(JsonNode value, Shape shape, String path) {
        if (shape instanceof ObjectShape object) {
            if (!value.isObject()) {
                return typeError(value, path, "must be an object");
            }
            checkObject((ObjectNode) value, object, path);
            return true;
        }
        if (shape instanceof MapShape map) {
            if (!value.isObject()) {
                return typeError(value, path, "must be an object");
            }
            ObjectNode entries = (ObjectNode) value;
            for (String key : fieldNames(entries)) {
                JsonNode entry = entries.get(key);
                if (entry.isNull() || !fits(entry, map.values(), join(path, key))) {
                    entries.remove(key);
                }
            }
            return true;
        }
        if (shape instanceof ArrayShape array) {
            if (!value.isArray()) {
                return typeError(value, path, "must be an array");
            }
            ArrayNode items = (ArrayNode) value;
            List<Integer> misfits = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!fits(items.get(i), array.items(), path + "[" + i + "]")) {
                    misfits.add(i);
                }
            }
            for (int i = misfits.size() - 1; i >= 0; i--) {
                items.remove(misfits.get(i));
            }
            return true;
        }
        if (shape instanceof EnumShape choice) {
            return value.isTextual() && choice.values().contains(value.textValue())
                    || typeError(value, path, "must be one of " + String.join(", ", choice.values()));
        }
        Scalar scalar = (Scalar) shape;
        return fitsScalar(value, scalar) || typeError(value, path, scalar.typeMessage);
    }

    private static boolean fitsScalar(JsonNode value, Scalar scalar) {
        return switch (scalar) {
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
        };
    }

    private boolean typeError(JsonNode value, String path, String message) {
        errors.add(new ConfigError(path, JsonText.of(value), message));
        return false;
    }

    // A required field that was present with a wrong type is already reported as such.
    private boolean reported(String path) {
        return errors.stream().anyMatch(error -> error.path().equals(path));
    }

    private static String requiredMessage(String name, String parentPath) {
        if (parentPath.isEmpty() && name.equals("project")) {
            return "is required (set it here or in the environment's _defaults document)";
        }
        return "is required";
    }

    private static String unknownFieldMessage(String name, ObjectShape shape) {
        String nearest = nearestFieldName(name, shape);
        if (nearest != null) {
            return "is not a known field; did you mean \"" + nearest + "\"?";
        }
        return "is not a known field; known fields: " + String.join(", ", shape.fields().keySet());
    }

    /** The known field closest to a misspelt one, if it is close enough to be a typo. */
    private static String nearestFieldName(String name, ObjectShape shape) {
        return NameRules.nearest(name, shape.fields().keySet()).orElse(null);
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
