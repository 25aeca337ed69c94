package dev.ecsdeployer.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.stream.Collectors;

/** Renders values the way they appear in a JSON document, for error messages. */
final class JsonText {

    private static final int MAX_LENGTH = 200;

    private JsonText() {
    }

    static String of(JsonNode node) {
        return shorten(node.toString());
    }

    /** Strings quoted, numbers without a needless ".0", lists as JSON arrays. */
    static String of(Object value) {
        if (value instanceof String text) {
            return shorten("\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        if (value instanceof Double number) {
            return number(number);
        }
        if (value instanceof Collection<?> items) {
            return shorten(items.stream().map(JsonText::of).collect(Collectors.joining(", ", "[", "]")));
        }
        return String.valueOf(value);
    }

    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String shorten(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}
