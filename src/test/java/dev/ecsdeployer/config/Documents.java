package dev.ecsdeployer.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Example documents from {@code examples/} and edited copies of them, for tests. */
final class Documents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = Path.of("examples");
    static final List<String> EXAMPLE_NAMES = List.of("api-dev", "api-prod", "realtime-dev", "realtime-prod",
            "app-prod");

    private final String example;
    private final ObjectNode document;

    private Documents(String example, ObjectNode document) {
        this.example = example;
        this.document = document;
    }

    static Documents example(String name) {
        return new Documents(name, (ObjectNode) read(EXAMPLES.resolve(name + ".json")));
    }

    static String text(String name) {
        try {
            return Files.readString(EXAMPLES.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The location an example file stands for: {@code api-dev.json} is /ecs-deployer/dev/api. */
    static ConfigLocation location(String example) {
        int dash = example.lastIndexOf('-');
        return new ConfigLocation(ConfigLocation.DEFAULT_PREFIX, example.substring(dash + 1), example.substring(0, dash));
    }

    ConfigLocation location() {
        return location(example);
    }

    /** Sets the value at a JSON pointer (parents must exist); {@code json} is JSON text. */
    Documents set(String pointer, String json) {
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = document.at(at.head());
        JsonNode value = parse(json);
        if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), value);
        } else {
            ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
        }
        return this;
    }

    Documents remove(String pointer) {
        JsonPointer at = JsonPointer.compile(pointer);
        ((ObjectNode) document.at(at.head())).remove(at.last().getMatchingProperty());
        return this;
    }

    String json() {
        return document.toString();
    }

    ObjectNode tree() {
        return document.deepCopy();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
