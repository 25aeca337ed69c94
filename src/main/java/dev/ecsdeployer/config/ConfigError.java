package dev.ecsdeployer.config;

/**
 * One problem in a config document.
 *
 * @param path    the field, in dotted form with list indexes ({@code service.subnets[0]}), or a
 *                document label such as {@code (service document)}
 * @param value   the offending value as it appears in JSON (strings quoted), or null when the
 *                field is missing or the problem is about the whole document
 * @param message what is wrong and what is allowed
 */
public record ConfigError(String path, String value, String message) {

    /** For example {@code taskDefinition.memory: 3000 is not valid for cpu 512; allowed: 1024, 2048, 3072, 4096}. */
    public String describe() {
        return value == null ? path + ": " + message : path + ": " + value + " " + message;
    }

    @Override
    public String toString() {
        return describe();
    }
}
