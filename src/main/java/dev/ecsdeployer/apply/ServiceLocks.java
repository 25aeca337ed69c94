package dev.ecsdeployer.apply;

import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One writer per service at a time, across concurrent invocations: a lock is an SSM parameter
 * created with {@code Overwrite=false} (atomic: only one creator wins), holding its owner and an
 * expiry so that a run killed mid-way (Lambda timeout) cannot block the service for ever.
 * Locks live under {@code /<prefix>-locks/}, outside the config prefix, so they never look like
 * config changes. Different services never wait for each other.
 */
public final class ServiceLocks {

    private static final Logger LOG = Logger.getLogger(ServiceLocks.class);

    private final SsmClient ssm;
    private final String root;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxWait;

    /**
     * @param ttl     how long a lock holds without its owner; longer than the function's timeout
     * @param maxWait how long to wait for another invocation's lock before giving up (the event is retried)
     */
    public ServiceLocks(SsmClient ssm, String configPrefix, Clock clock, Duration ttl, Duration maxWait) {
        this.ssm = ssm;
        this.root = "/" + configPrefix + "-locks/";
        this.clock = clock;
        this.ttl = ttl;
        this.maxWait = maxWait;
    }

    public <T> T withLock(String cluster, String service, Supplier<T> work) {
        String name = root + cluster + "/" + service;
        String owner = UUID.randomUUID().toString();
        acquire(name, owner);
        try {
            return work.get();
        } finally {
            release(name);
        }
    }

    private void acquire(String name, String owner) {
        Instant giveUp = clock.instant().plus(maxWait);
        long backoffMs = 100;
        while (true) {
            String value = owner + " " + clock.instant().plus(ttl);
            try {
                ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.STRING).overwrite(false));
                return;
            } catch (ParameterAlreadyExistsException held) {
                if (expired(name)) {
                    LOG.warnf("lock %s expired; taking it over", name);
                    deleteQuietly(name);
                    continue;
                }
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new ServiceBusyException("another invocation is changing " + name.substring(root.length())
                        + "; gave up after " + maxWait.toSeconds() + " s (the event will be retried)");
            }
            sleep(ThreadLocalRandom.current().nextLong(backoffMs / 2, backoffMs + 1));
            backoffMs = Math.min(backoffMs * 2, 2000);
        }
    }

    private boolean expired(String name) {
        try {
            String[] parts = ssm.getParameter(b -> b.name(name)).parameter().value().split(" ");
            return parts.length != 2 || clock.instant().isAfter(Instant.parse(parts[1]));
        } catch (ParameterNotFoundException e) {
            return false; // Released meanwhile: just try again.
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /**
     * The lock's ttl is longer than the function's timeout, so a lock cannot expire (and be taken
     * over) while its owner still runs: releasing is a plain delete.
     */
    private void release(String name) {
        deleteQuietly(name);
    }

    private void deleteQuietly(String name) {
        try {
            ssm.deleteParameter(b -> b.name(name));
        } catch (ParameterNotFoundException e) {
            // Someone else cleared it first.
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusyException("interrupted while waiting for a service lock");
        }
    }

    /** The service is locked by another invocation for longer than we may wait. */
    public static final class ServiceBusyException extends RuntimeException {
        public ServiceBusyException(String message) {
            super(message);
        }
    }
}
