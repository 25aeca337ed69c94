package dev.ecsdeployer.cost;

import dev.ecsdeployer.config.ConfigLocation;
import dev.ecsdeployer.config.ConfigResult;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.config.ServiceConfigParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example configs of {@code examples/}, parsed the way the deployer parses them. */
final class Configs {

    private Configs() {
    }

    /** {@code api-prod} is /ecs-deployer/prod/api; {@code defaults} is the environment's _defaults document or null. */
    static ServiceConfig example(String example, String defaults) {
        int dash = example.lastIndexOf('-');
        ConfigLocation location = new ConfigLocation(ConfigLocation.DEFAULT_PREFIX, example.substring(dash + 1),
                example.substring(0, dash));
        ConfigResult result = new ServiceConfigParser().parse(location, read(example), defaults);
        if (!result.valid()) {
            throw new IllegalArgumentException(example + ": " + result.errors());
        }
        return result.config();
    }

    static ServiceConfig example(String example) {
        return example(example, null);
    }

    private static String read(String example) {
        try {
            return Files.readString(Path.of("examples", example + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
