package dev.ecsdeployer.work;

import dev.ecsdeployer.report.Report;
import dev.ecsdeployer.workitem.WorkItem;

import java.util.List;

/** Where triggers send work: an SQS FIFO queue, or (no queue configured) this invocation itself. */
public interface WorkQueue {

    /** Sends the items. Returns, per item in order, what became of it: queued, or worked inline. */
    List<Dispatched> send(List<WorkItem> items);

    /** Whether items are processed in this invocation (no queue configured). */
    boolean inline();

    /** What became of an item sent. */
    sealed interface Dispatched {

        WorkItem item();
    }

    /** On the queue, under this message id. */
    record Queued(WorkItem item, String messageId) implements Dispatched {
    }

    /** Worked in this invocation (no queue configured): its report. */
    record Worked(WorkItem item, Report report) implements Dispatched {
    }
}
