package dev.ecsdeployer.actual;

import dev.ecsdeployer.aws.RateLimiter;
import dev.ecsdeployer.desired.ScalingSpec;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Reads the scaling policies of a check's services. AWS pages DescribeScalingPolicies at most 10
 * policies a call, with or without a resource filter, so there are two ways:
 * <ul>
 * <li>page the whole {@code ecs} namespace: one call per 10 policies of the account and region, one
 *     after the other (each page needs the last one's token). Fewest calls when the check covers
 *     most of the namespace (0.4 a service with four policies each), but every other service's
 *     policies are read too, and the chain's time grows with the namespace;
 * <li>one filtered read per service with a scalable target, {@link #PER_SERVICE_READERS} at a time:
 *     one call a service, in a fraction of the chain's time.
 * </ul>
 * The namespace is paged while it is the cheaper way in calls and its chain fits in
 * {@link #CHAIN_BUDGET}, both estimated after each page from the pages so far, the policies the
 * check's configs ask for and the time a page took; past either, the rest is read per service (the
 * pages already read are the only waste). What was found is kept for the instance's later checks,
 * which then go straight to the cheaper way. Both ways read every policy of the services they cover,
 * so a hand edit or a hand-added policy is found either way.
 */
public final class ScalingPolicyReads {

    /** AWS's maximum page of DescribeScalingPolicies (MaxResults 1-10). */
    static final int PAGE = 10;
    /**
     * Per-service reads in flight. Application Auto Scaling publishes no request rate to size this
     * from (its quotas page lists resource quotas only), so it is a fixed, modest number, shared
     * among the shards of a fanned-out check ({@link RateLimiter#shareOf}).
     */
    static final int PER_SERVICE_READERS = 8;
    /**
     * The longest the namespace chain may take: the rest of the fleet read (DescribeServices, paced
     * by its bucket) takes a few seconds beside it, and a check of 1,000 services should end within
     * 15 s. At 30 ms a page that is 333 pages, about 830 services with four policies each.
     */
    static final Duration CHAIN_BUDGET = Duration.ofSeconds(10);

    /** Which way the read went. */
    public enum Way { NAMESPACE, PER_SERVICE, NONE }

    /** The policies by resource id, and what reading them cost. */
    public record Read(Map<String, List<ScalingPolicy>> policies, Way way, int calls) {
    }

    /** What the last paging of the namespace showed: its pages (or at least that many), and ms a page. */
    private record Namespace(int pages, double millisPerPage) {
    }

    private final ApplicationAutoScalingClient autoScaling;
    /** Kept across warm invocations: the namespace's size is the account's, not the check's. */
    private final AtomicReference<Namespace> known = new AtomicReference<>();

    public ScalingPolicyReads(ApplicationAutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    /**
     * The policies of {@code resourceIds}, by resource id. {@code expectedPolicies}: how many the
     * check's configs ask for, read or not (the namespace holds at least those). {@code withTarget} gives the
     * services that have a scalable target (only those can have policies: deregistering a target
     * deletes its policies); it is asked for only when the reads are per service.
     */
    public Read read(Collection<String> resourceIds, int expectedPolicies, Supplier<Collection<String>> withTarget) {
        if (resourceIds.isEmpty()) {
            return new Read(Map.of(), Way.NONE, 0);
        }
        Set<String> wanted = Set.copyOf(resourceIds);
        int services = wanted.size();
        int calls = 0;
        Namespace before = known.get();
        // Unknown yet, the namespace holds at least the configs' own policies: a check reading few
        // services' policies (the rest are recorded) goes per service without paging it.
        boolean namespace = before == null ? namespaceCheaper(services, expectedPolicies, 1, 0)
                : namespaceCheaper(services, expectedPolicies, before.pages(), before.millisPerPage());
        if (namespace) {
            Map<String, List<ScalingPolicy>> out = new HashMap<>();
            String token = null;
            long started = System.nanoTime();
            boolean cheaper = true;
            do {
                String next = token;
                DescribeScalingPoliciesResponse page = autoScaling.describeScalingPolicies(b -> b
                        .serviceNamespace(ScalingSpec.NAMESPACE).scalableDimension(ScalingSpec.DIMENSION)
                        .maxResults(PAGE).nextToken(next));
                calls++;
                page.scalingPolicies().stream().filter(p -> wanted.contains(p.resourceId()))
                        .forEach(p -> out.computeIfAbsent(p.resourceId(), k -> new ArrayList<>()).add(p));
                token = page.nextToken();
                if (token != null && !token.isEmpty()) {
                    cheaper = namespaceCheaper(services, expectedPolicies, calls + 1,
                            (System.nanoTime() - started) / 1e6 / calls);
                }
            } while (token != null && !token.isEmpty() && cheaper);
            double perPage = (System.nanoTime() - started) / 1e6 / calls;
            if (token == null || token.isEmpty()) {
                known.set(new Namespace(calls, perPage));
                return new Read(out, Way.NAMESPACE, calls);
            }
            known.set(new Namespace(calls + 1, perPage));
        }
        List<String> ids = withTarget.get().stream().filter(wanted::contains).distinct().toList();
        AtomicInteger perServiceCalls = new AtomicInteger();
        Map<String, List<ScalingPolicy>> out = perService(ids, perServiceCalls);
        return new Read(out, Way.PER_SERVICE, calls + perServiceCalls.get());
    }

    /**
     * Whether paging the namespace is still the way: it holds at least {@code pagesAtLeast} pages and
     * the check's own policies, it costs fewer calls than one per service, and its chain fits in the
     * budget at {@code millisPerPage}. Pure, for the tests.
     */
    static boolean namespaceCheaper(int services, int expectedPolicies, int pagesAtLeast, double millisPerPage) {
        int pages = Math.max(pagesAtLeast, (expectedPolicies + PAGE - 1) / PAGE);
        return pages < services && pages * millisPerPage <= CHAIN_BUDGET.toMillis();
    }

    private Map<String, List<ScalingPolicy>> perService(List<String> ids, AtomicInteger calls) {
        Map<String, List<ScalingPolicy>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        int threads = Math.min(RateLimiter.shareOf(PER_SERVICE_READERS), ids.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scaling-policy-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<List<ScalingPolicy>>> reads = ids.stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> ofService(id, calls), pool)).toList();
            for (int i = 0; i < ids.size(); i++) {
                List<ScalingPolicy> policies = join(reads.get(i));
                if (!policies.isEmpty()) {
                    out.put(ids.get(i), policies);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One service's policies (one call for up to 10); only that resource's, whatever the endpoint matched. */
    private List<ScalingPolicy> ofService(String resourceId, AtomicInteger calls) {
        List<ScalingPolicy> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeScalingPoliciesResponse page = autoScaling.describeScalingPolicies(b -> b
                    .serviceNamespace(ScalingSpec.NAMESPACE).scalableDimension(ScalingSpec.DIMENSION)
                    .resourceId(resourceId).maxResults(PAGE).nextToken(next));
            calls.incrementAndGet();
            page.scalingPolicies().stream().filter(p -> resourceId.equals(p.resourceId())).forEach(out::add);
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    private static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
