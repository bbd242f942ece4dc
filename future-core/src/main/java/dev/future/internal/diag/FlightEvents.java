package dev.future.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Flight-recorder events of the runtime's lifecycle, readable in JDK Mission Control or with
 * {@code jfr print --categories Future}. Spawns are high-rate and off by default (enable
 * {@code dev.future.Spawn} in a recording's settings); crashes, restarts, kills, runaways, lease
 * expiries and escalations are on. Each commit checks {@code shouldCommit()} first, so a JVM with
 * no recording pays one branch.
 */
public final class FlightEvents {

    private FlightEvents() {}

    @Name("dev.future.Spawn")
    @Label("Actor Spawned")
    @Category({"Future", "Actors"})
    @Enabled(false)
    @StackTrace(false)
    public static final class Spawn extends Event {
        @Label("Actor") public String actor;
        @Label("Isolation") public String isolation;
        @Label("Group") public String group;
    }

    @Name("dev.future.Crash")
    @Label("Actor Crashed")
    @Category({"Future", "Actors"})
    @StackTrace(false)
    public static final class Crash extends Event {
        @Label("Actor") public String actor;
        @Label("Incarnation") public int incarnation;
        @Label("Reason") public String reason;
    }

    @Name("dev.future.Restart")
    @Label("Actor Restarted")
    @Category({"Future", "Supervision"})
    @StackTrace(false)
    public static final class Restart extends Event {
        @Label("Actor") public String actor;
        @Label("Incarnation") @Description("The new incarnation") public int incarnation;
        @Label("Group") public String group;
    }

    @Name("dev.future.Kill")
    @Label("Actor Killed")
    @Category({"Future", "Actors"})
    @StackTrace(false)
    public static final class Kill extends Event {
        @Label("Actor") public String actor;
        @Label("Incarnation") public int incarnation;
        @Label("Reason") public String reason;
    }

    @Name("dev.future.Runaway")
    @Label("Runaway Fenced")
    @Category({"Future", "Actors"})
    @StackTrace(false)
    public static final class Runaway extends Event {
        @Label("Actor") public String actor;
        @Label("Incarnation") public int incarnation;
        @Label("Reason") public String reason;
        @Label("Stack") public String stack;
    }

    @Name("dev.future.LeaseExpiry")
    @Label("Box Lease Expired")
    @Category({"Future", "Tier 2"})
    @StackTrace(false)
    public static final class LeaseExpiry extends Event {
        @Label("Writer") public String writer;
        @Label("Box") public int box;
        @Label("Epoch") public long epoch;
    }

    @Name("dev.future.Escalation")
    @Label("Group Escalated")
    @Category({"Future", "Supervision"})
    @StackTrace(false)
    public static final class Escalation extends Event {
        @Label("Group") public String group;
        @Label("Reason") public String reason;
    }
}
