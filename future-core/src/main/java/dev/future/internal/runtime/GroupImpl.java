package dev.future.internal.runtime;

import dev.future.Actor;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.Group;
import dev.future.GroupConfig;
import dev.future.Retry;
import dev.future.SpawnOptions;
import dev.future.SupervisorDiagnostics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A supervision group: its members in start order (an intrusive list of actors and nested
 * groups), its strategy, and its restart intensity (restart times within the window).
 *
 * <p>The member list is guarded by this object's monitor (spawns add from any thread, the conductor
 * removes). Intensity, {@code restarts} and the strategy logic run on the conductor thread only;
 * {@code down} is volatile because spawns read it.
 */
final class GroupImpl extends Member implements Group {

    final SupervisorImpl sup;
    private final String id;
    final GroupConfig config;

    private Member first;
    private Member last;

    /** Restart times (nanoTime) within the window, oldest first; conductor only. */
    private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();
    volatile boolean down;
    volatile long restarts;

    GroupImpl(SupervisorImpl sup, GroupImpl parent, String id, GroupConfig config) {
        super(parent);
        this.sup = sup;
        this.id = id;
        this.config = config;
    }

    boolean isRoot() {
        return owner == null;
    }

    /** A group made by supervisor.createGroup: its escalation stops at the supervisor. */
    boolean isTopLevel() {
        return owner != null && owner.isRoot();
    }

    // ---------------------------------------------------------------- member list

    synchronized void add(Member m) {
        m.prev = last;
        m.next = null;
        if (last == null) {
            first = m;
        } else {
            last.next = m;
        }
        last = m;
    }

    synchronized void remove(Member m) {
        if (m.prev == null && first != m) {
            return; // not (or no longer) a member
        }
        if (m.prev == null) {
            first = m.next;
        } else {
            m.prev.next = m.next;
        }
        if (m.next == null) {
            last = m.prev;
        } else {
            m.next.prev = m.prev;
        }
        m.prev = null;
        m.next = null;
    }

    /** The direct members, in start order. */
    synchronized List<Member> snapshot() {
        List<Member> out = new ArrayList<>();
        for (Member m = first; m != null; m = m.next) {
            out.add(m);
        }
        return out;
    }

    /** Every actor under this group (nested groups included), in start order. */
    void leafCells(List<ActorCell> out) {
        for (Member m : snapshot()) {
            switch (m) {
                case ActorCell c -> out.add(c);
                case GroupImpl g -> g.leafCells(out);
            }
        }
    }

    /** Every group under this one (not itself), parents first. */
    void nestedGroups(List<GroupImpl> out) {
        for (Member m : snapshot()) {
            if (m instanceof GroupImpl g) {
                out.add(g);
                g.nestedGroups(out);
            }
        }
    }

    // ---------------------------------------------------------------- restart intensity (conductor)

    /**
     * Records one restart if the budget allows it.
     *
     * @return the restart's number within the window (1 for the first), or -1 when the budget is spent
     */
    int tryRecordRestart(long now) {
        Retry retry = config.retry();
        long window = retry.window().toNanos();
        while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > window) {
            restartTimes.pollFirst();
        }
        if (!retry.isUnlimited() && restartTimes.size() >= retry.max()) {
            return -1;
        }
        restartTimes.addLast(now);
        if (restartTimes.size() > 64 && retry.isUnlimited()) {
            restartTimes.pollFirst(); // the backoff saturates long before; keep memory bounded
        }
        restarts++;
        return restartTimes.size();
    }

    /** A fresh budget, for a nested group restarted by its parent. */
    void resetIntensity() {
        restartTimes.clear();
        down = false;
    }

    // ---------------------------------------------------------------- Group

    @Override
    public String id() {
        return id;
    }

    @Override
    public ActorRef spawn(Actor actor) {
        return spawn(actor, SpawnOptions.defaults());
    }

    @Override
    public ActorRef spawn(Actor actor, SpawnOptions options) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(options, "options");
        return sup.spawnInto(this, ActorFactory.of(actor), options, null);
    }

    @Override
    public ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options) {
        Objects.requireNonNull(options, "options");
        return sup.spawnInto(this, ActorFactory.of(actorClass), options, null);
    }

    @Override
    public Group createGroup(GroupConfig config) {
        Objects.requireNonNull(config, "config");
        return sup.createGroup(this, config);
    }

    @Override
    public void terminateAll() {
        List<ActorCell> cells = new ArrayList<>();
        leafCells(cells);
        for (int i = cells.size() - 1; i >= 0; i--) {
            sup.stop(cells.get(i), Kill.TERMINATE);
        }
    }

    @Override
    public List<ActorRef> members() {
        List<ActorRef> out = new ArrayList<>();
        for (Member m : snapshot()) {
            if (m instanceof ActorCell c && !c.dead) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    SupervisorDiagnostics.GroupInfo info() {
        List<ActorId> actors = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Member m : snapshot()) {
            switch (m) {
                case ActorCell c -> {
                    if (!c.dead) {
                        actors.add(c.id);
                    }
                }
                case GroupImpl g -> groups.add(g.id);
            }
        }
        return new SupervisorDiagnostics.GroupInfo(id, Optional.ofNullable(owner == null ? null : owner.id),
                config.strategy(), config.retry(), down, restarts, List.copyOf(actors), List.copyOf(groups));
    }

    @Override
    public String toString() {
        return "Group[" + id + ", " + config.strategy() + (down ? ", down" : "") + "]";
    }
}
