package dev.ecsdeployer.config;

import dev.ecsdeployer.aws.RateLimiter;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads config documents from SSM Parameter Store. A whole environment is read with
 * GetParametersByPath (10 parameters a call), so finding the services that follow a
 * repository costs one call per ten services and nothing in ECS.
 */
public final class SsmConfigStore {

    private final SsmClient ssm;

    public SsmConfigStore(SsmClient ssm) {
        this.ssm = ssm;
    }

    /** Every document under {@code /<prefix>/<environment>/}, keyed by the last path segment. */
    public EnvironmentDocuments readEnvironment(String prefix, String environment) {
        Map<String, String> byName = new TreeMap<>();
        String path = "/" + prefix + "/" + environment;
        pages(path, false).forEach(p -> byName.put(p.name().substring(path.length() + 1), p.value()));
        String defaults = byName.remove(ConfigLocation.DEFAULTS);
        return new EnvironmentDocuments(prefix, environment, defaults, Map.copyOf(byName));
    }

    /**
     * The same documents, handed out {@code chunkSize} at a time while the pages are still being read,
     * so a drift check can work on the first services while SSM pages the rest (the pages are one
     * chain: 1,001 of them for 10,000 services). {@code _defaults} is read first, on its own, so every
     * chunk carries it; a {@code _defaults} met among the pages is not handed out again.
     */
    public void readEnvironmentInChunks(String prefix, String environment, int chunkSize,
                                        java.util.function.Consumer<Chunk> chunk) {
        String defaults = readDefaults(prefix, environment);
        String path = "/" + prefix + "/" + environment;
        Map<String, String> pending = new TreeMap<>();
        String token = null;
        boolean first = true;
        do {
            RateLimiter.SSM_PARAMETER_READ.acquire();
            String next = token;
            GetParametersByPathResponse page = ssm.getParametersByPath(b -> b.path(path).recursive(false)
                    .withDecryption(true).maxResults(10).nextToken(next));
            page.parameters().forEach(p -> pending.put(p.name().substring(path.length() + 1), p.value()));
            pending.remove(ConfigLocation.DEFAULTS);
            token = page.nextToken();
            boolean last = token == null || token.isEmpty();
            if (pending.size() >= chunkSize || (last && !pending.isEmpty())) {
                chunk.accept(new Chunk(new EnvironmentDocuments(prefix, environment, defaults, Map.copyOf(pending)),
                        first && last));
                pending.clear();
                first = false;
            }
        } while (token != null && !token.isEmpty());
    }

    /** Every environment under {@code /<prefix>/}: for a check of all environments. */
    public Map<String, EnvironmentDocuments> readAll(String prefix) {
        Map<String, Map<String, String>> grouped = new TreeMap<>();
        String root = "/" + prefix + "/";
        pages("/" + prefix, true).forEach(p -> {
                    String[] parts = p.name().substring(root.length()).split("/");
                    if (parts.length == 2) {
                        grouped.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], p.value());
                    }
                });
        Map<String, EnvironmentDocuments> out = new TreeMap<>();
        grouped.forEach((env, docs) -> {
            String defaults = docs.remove(ConfigLocation.DEFAULTS);
            out.put(env, new EnvironmentDocuments(prefix, env, defaults, Map.copyOf(docs)));
        });
        return out;
    }

    /**
     * Every parameter under {@code path}, 10 a page (AWS's maximum), each page taking a token from the
     * SSM read bucket first: the pages are a chain (each needs the last one's token), and at AWS
     * latency a chain alone would ask for more than its share of the account's 40/s.
     */
    private List<Parameter> pages(String path, boolean recursive) {
        List<Parameter> out = new ArrayList<>();
        String token = null;
        do {
            RateLimiter.SSM_PARAMETER_READ.acquire();
            String next = token;
            GetParametersByPathResponse page = ssm.getParametersByPath(b -> b.path(path).recursive(recursive)
                    .withDecryption(true).maxResults(10).nextToken(next));
            out.addAll(page.parameters());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** One parameter's value; empty when it does not exist (for example after a delete). */
    public Optional<String> read(String parameterName) {
        try {
            RateLimiter.SSM_PARAMETER_READ.acquire();
            Parameter p = ssm.getParameter(b -> b.name(parameterName).withDecryption(true)).parameter();
            return Optional.of(p.value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * One service's document and its environment's {@code _defaults}, in one GetParameters call;
     * the document is empty when the config no longer exists.
     */
    public ServiceDocument readService(ConfigLocation location) {
        Map<String, String> found = new TreeMap<>();
        RateLimiter.SSM_PARAMETER_READ.acquire();
        ssm.getParameters(b -> b.names(location.parameterName(), location.defaultsParameterName())
                        .withDecryption(true))
                .parameters().forEach(p -> found.put(p.name(), p.value()));
        return new ServiceDocument(location, Optional.ofNullable(found.get(location.parameterName())),
                found.get(location.defaultsParameterName()));
    }

    /** An environment's {@code _defaults} document alone (one GetParameters call), or null when it has none. */
    public String readDefaults(String prefix, String environment) {
        String name = new ConfigLocation(prefix, environment, ConfigLocation.DEFAULTS).parameterName();
        RateLimiter.SSM_PARAMETER_READ.acquire();
        return ssm.getParameters(b -> b.names(name).withDecryption(true)).parameters().stream()
                .filter(p -> p.name().equals(name)).map(p -> p.value()).findFirst().orElse(null);
    }

    /** Some of an environment's documents; {@code whole}: all of them (the environment fit in one chunk). */
    public record Chunk(EnvironmentDocuments documents, boolean whole) {
    }

    /** A service's raw document (empty when deleted) and its environment's defaults (or null). */
    public record ServiceDocument(ConfigLocation location, Optional<String> document, String defaults) {
    }

    /** The raw documents of one environment: its {@code _defaults} (or null) and each service's. */
    public record EnvironmentDocuments(String prefix, String environment, String defaults,
                                       Map<String, String> services) {
    }
}
