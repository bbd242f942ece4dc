package dev.future.internal.runtime;

import java.util.ArrayList;
import java.util.HashSet;
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
    /**
     * The cells whose old incarnation this plan stopped and still waits for. A set, not a count:
     * a member that had already ended when it joined the plan (a crashed actor, or a sibling killed
     * through a link by that crash) also reports its end to the plan, and a count decremented for it
     * reached zero while a sibling was still stopping, so the plan restarted that sibling over its
     * running incarnation, and when that incarnation ended the sibling died for good ("shutdown").
     */
    final Set<ActorCell> stopping = new HashSet<>();
    boolean abandoned;
    /**
     * True while {@code memberFailed} is still adding members. Stopping an idle member ends it at
     * once, which reports back through {@code planEnded}; without this flag the plan could count
     * down to zero and run (at once with a zero backoff, or once its timer fires) before the members
     * after it were even added and stopped, leaving those stuck in RESTARTING or restarted over a
     * still-running incarnation.
     */
    boolean building;
    boolean scheduled;

    RestartPlan(GroupImpl group, long delayNanos) {
        this.group = group;
        this.delayNanos = delayNanos;
    }
}
