package dev.ecsdeployer.work;

import dev.ecsdeployer.report.Report;

import java.time.Duration;

/**
 * What working one item gave, in the manner of controller-runtime's {@code Result}: the queue turns
 * it into a delete ({@link Done}), a redelivery after a backoff ({@link Retry}) or a dead letter
 * ({@link Terminal}).
 */
public sealed interface WorkResult {

    /** The report to answer and log (null only when nothing could be said about the service). */
    Report report();

    /** Finished, whatever the outcome for the service: the item is deleted. */
    record Done(Report report) implements WorkResult {
    }

    /**
     * Another attempt may cure it (an AWS error, a step that failed part-way): delivered again after
     * {@code after}, up to the queue's attempts.
     */
    record Retry(Duration after, String why, Report report) implements WorkResult {
    }

    /** No attempt can cure it (the message is not a work item): dead-lettered without retrying. */
    record Terminal(String why, Report report) implements WorkResult {
    }
}
