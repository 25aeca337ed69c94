package dev.ecsdeployer.drift;

import dev.ecsdeployer.config.SsmConfigStore.Chunk;
import dev.ecsdeployer.report.DriftReport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A drift check of one environment that works on its first services while SSM still pages the rest.
 * The config pages are one chain (10 documents a call: 1,001 calls for 10,000 services, about 30 s at
 * AWS latency), and the fleet's own reads are paced by account-wide buckets (DescribeServices: 20 a
 * second, 10 services a call); done one after the other they add up, overlapped the check takes about
 * as long as the longer of the two. Chunks are checked {@link #CHUNKS_AT_ONCE} at a time, all taking
 * their tokens from the same instance-wide {@code RateLimiter}s, so the overlap never asks AWS for more.
 */
public final class ChunkedCheck {

    /** Chunks checked at once beside the page reader: the buckets, not the threads, set the pace. */
    static final int CHUNKS_AT_ONCE = 2;

    private ChunkedCheck() {
    }

    /**
     * @param pages hands each chunk of documents, as read, to the consumer it is given (chunks of a few
     *              hundred services: large enough that their batched reads are full, small enough to
     *              start early)
     * @param check checks one chunk (its reads cover only the chunk's services)
     * @return every chunk's reports, in the order the chunks were read
     */
    public static List<DriftReport> run(Consumer<Consumer<Chunk>> pages,
                                        Function<Chunk, List<DriftReport>> check) {
        ExecutorService pool = Executors.newFixedThreadPool(CHUNKS_AT_ONCE, r -> {
            Thread t = new Thread(r, "drift-chunk");
            t.setDaemon(true);
            return t;
        });
        List<Future<List<DriftReport>>> checks = new ArrayList<>();
        try {
            pages.accept(chunk -> checks.add(pool.submit(() -> check.apply(chunk))));
            List<DriftReport> out = new ArrayList<>();
            for (Future<List<DriftReport>> f : checks) {
                out.addAll(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drift check interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("drift check failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
