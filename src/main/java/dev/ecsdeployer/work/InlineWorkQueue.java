package dev.ecsdeployer.work;

import dev.ecsdeployer.workitem.WorkItem;

import java.util.ArrayList;
import java.util.List;

/**
 * No queue configured (a local run, {@code sam local invoke}): the items are worked in this
 * invocation, one after the other, through the same worker the queue feeds. Every attempt is
 * the last one: nothing redelivers.
 */
public final class InlineWorkQueue implements WorkQueue {

    private final Worker worker;

    public InlineWorkQueue(Worker worker) {
        this.worker = worker;
    }

    @Override
    public boolean inline() {
        return true;
    }

    @Override
    public List<Dispatched> send(List<WorkItem> items) {
        List<Dispatched> out = new ArrayList<>();
        for (WorkItem item : items) {
            out.add(new Worked(item, worker.process(item, Attempt.ONLY).report()));
        }
        return out;
    }
}
