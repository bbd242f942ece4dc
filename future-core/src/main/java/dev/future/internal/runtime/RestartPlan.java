package dev.future.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One application of a group's strategy: the cells to restart, in start order, and the groups to
 * reset. The plan waits until every cell's old incarnation has ended (each is stopped by the plan,
 * or already ended), then restarts them all after the backoff. Conductor thread only.
 *
 * <p>An escalation that resolves to "stop for good" abandons the plan: cells that have ended die
 * at once, cells still stopping die when they end.
 */
final class RestartPlan {

    final GroupImpl group;
    final long delayNanos;
    final Set<ActorCell> cells = new LinkedHashSet<>();
    final List<GroupImpl> groupsToReset = new ArrayList<>();
    int outstanding;
    boolean abandoned;
    boolean scheduled;

    RestartPlan(GroupImpl group, long delayNanos) {
        this.group = group;
        this.delayNanos = delayNanos;
    }
}
