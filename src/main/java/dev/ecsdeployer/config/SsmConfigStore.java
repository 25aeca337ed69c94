package dev.ecsdeployer.config;

import dev.ecsdeployer.aws.RateLimiter;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads config documents from SSM Parameter Store. A whole environment is read with
 * GetParametersByPath (10 parameters a call), so finding the services that follow a
 * repository costs one call per ten services and nothing in ECS; a drift-check shard reads only
 * its own documents by name (GetParameters, 10 a call, side by side).
 */
public final class SsmConfigStore {

    /** GetParameters takes at most 10 names. */
    static final int NAMES_PER_CALL = 10;

    private static final Logger LOG = Logger.getLogger(SsmConfigStore.class);

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
        boolean[] first = {true};
        forEachPage(path, false, (parameters, last) -> {
            parameters.forEach(p -> pending.put(p.name().substring(path.length() + 1), p.value()));
            pending.remove(ConfigLocation.DEFAULTS);
            if (pending.size() >= chunkSize || (last && !pending.isEmpty())) {
                chunk.accept(new Chunk(new EnvironmentDocuments(prefix, environment, defaults, Map.copyOf(pending)),
                        first[0] && last));
                pending.clear();
                first[0] = false;
            }
        });
    }

    /**
     * An environment's {@code _defaults} and only the named documents (a drift-check shard's): GetParameters,
     * 10 names a call (AWS's most), several calls in flight, each taking a token from the SSM read bucket first,
     * so a shard reads its part in about (services / 10) / rate seconds instead of paging the whole
     * environment one page after another. A name that no longer exists (deleted after the shard was planned)
     * is left out, with a log line.
     */
    public EnvironmentDocuments readServices(String prefix, String environment, List<String> services) {
        String root = "/" + prefix + "/" + environment + "/";
        List<String> names = new ArrayList<>();
        names.add(root + ConfigLocation.DEFAULTS);
        services.stream().distinct().filter(s -> !ConfigLocation.DEFAULTS.equals(s)).forEach(s -> names.add(root + s));
        List<List<String>> calls = new ArrayList<>();
        for (int i = 0; i < names.size(); i += NAMES_PER_CALL) {
            calls.add(names.subList(i, Math.min(names.size(), i + NAMES_PER_CALL)));
        }
        Map<String, String> byName = new ConcurrentHashMap<>();
        List<String> missing = new CopyOnWriteArrayList<>();
        int threads = Math.min(calls.size(), RateLimiter.shareOf(RateLimiter.SSM_PARAMETER_READ.concurrency()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ssm-get-parameters");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> reads = calls.stream().map(batch -> CompletableFuture.runAsync(() -> {
                RateLimiter.SSM_PARAMETER_READ.acquire();
                GetParametersResponse answer = ssm.getParameters(b -> b.names(batch).withDecryption(true));
                answer.parameters().forEach(p -> byName.put(p.name(), p.value()));
                missing.addAll(answer.invalidParameters());
            }, pool)).toList();
            for (CompletableFuture<Void> read : reads) {
                try {
                    read.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        String defaults = byName.remove(root + ConfigLocation.DEFAULTS);
        Map<String, String> docs = new TreeMap<>();
        byName.forEach((name, value) -> docs.put(name.substring(root.length()), value));
        missing.stream().filter(n -> !n.equals(root + ConfigLocation.DEFAULTS)).sorted().forEach(n ->
                LOG.infof("config %s no longer exists (deleted after the drift check was planned): skipped", n));
        return new EnvironmentDocuments(prefix, environment, defaults, Map.copyOf(docs));
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
        forEachPage(path, recursive, (parameters, last) -> out.addAll(parameters));
        return out;
    }

    /** Each page under {@code path} as it is read, and whether it is the last. */
    private void forEachPage(String path, boolean recursive,
                             java.util.function.BiConsumer<List<Parameter>, Boolean> page) {
        String token = null;
        do {
            RateLimiter.SSM_PARAMETER_READ.acquire();
            String next = token;
            GetParametersByPathResponse answer = ssm.getParametersByPath(b -> b.path(path).recursive(recursive)
                    .withDecryption(true).maxResults(10).nextToken(next));
            token = answer.nextToken();
            page.accept(answer.parameters(), token == null || token.isEmpty());
        } while (token != null && !token.isEmpty());
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
