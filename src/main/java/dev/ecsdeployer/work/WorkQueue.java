package dev.ecsdeployer.work;

import java.util.List;

/** Where triggers send work: an SQS FIFO queue, or (no queue configured) this invocation itself. */
public interface WorkQueue {

    /**
     * Sends the items. Returns, per item in order, what became of it: queued (its message id) or,
     * processed inline, its result.
     */
    List<Dispatched> send(List<WorkItem> items);

    /** Whether items are processed in this invocation (no queue configured). */
    boolean inline();

    /** An item sent: its message id when queued, or its result when processed inline. */
    record Dispatched(WorkItem item, String messageId, Object result) {
    }
}
