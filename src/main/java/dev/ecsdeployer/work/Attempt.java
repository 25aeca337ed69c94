package dev.ecsdeployer.work;

/**
 * Which delivery of an item this is.
 *
 * @param number the delivery, from 1 (SQS's {@code ApproximateReceiveCount})
 * @param last   no delivery follows this one (inline mode, or the queue's last receive)
 */
public record Attempt(int number, boolean last) {

    /** Inline mode: one attempt, nothing redelivers. */
    public static final Attempt ONLY = new Attempt(1, true);
}
