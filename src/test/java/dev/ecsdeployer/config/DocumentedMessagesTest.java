package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error messages README.md and docs/CONFIG.md quote are what the parser says, word for word. */
class DocumentedMessagesTest {

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @Test
    void theReadmesMemoryExample() throws IOException {
        String message = onlyError(Documents.example("api-prod").set("/taskDefinition/memory", "3000"));

        assertEquals("taskDefinition.memory: 3000 is not valid for cpu 512; allowed: 1024, 2048, 3072, 4096", message);
        assertQuoted("README.md", message);
    }

    @Test
    void theConfigReferencesNameExample() throws IOException {
        String message = onlyError(Documents.example("api-prod").set("/service/serviceName", "\"legacy-api\""));

        assertTrue(message.startsWith("service.serviceName: \"legacy-api\" is not \"myapp-prod-api\""), message);
        assertQuoted("docs/CONFIG.md", message);
    }

    private String onlyError(Documents document) {
        List<String> errors = parser.parse(document.location(), document.json(), null).errors().stream()
                .map(ConfigError::describe).toList();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    /** The document holds the message, wherever its lines break. */
    private static void assertQuoted(String file, String message) throws IOException {
        String text = Files.readString(Path.of(file)).replaceAll("\\s+", " ");
        assertTrue(text.contains(message), file + " does not quote: " + message);
    }
}
