package dev.future.bench;

import java.util.List;
import java.util.Locale;

/** One line of the results table: which figure, how to print it, and the target the lead compares against. */
record Row(String scenario, String label, String key, Unit unit, Target target) {

    enum Unit { BYTES, PER_SECOND, MICROS }

    /** A target is either a bound on Future / Pekko or an absolute bound on Future's figure. */
    record Target(String text, double bound, boolean ratio, boolean atMost) {
        static final Target NONE = new Target("", 0, false, false);

        static Target ratioAtMost(double bound) {
            return new Target(String.format(Locale.ROOT, "<= %.1fx Pekko", bound), bound, true, true);
        }

        static Target ratioAtLeast(double bound) {
            return new Target(String.format(Locale.ROOT, ">= %.1fx Pekko", bound), bound, true, false);
        }

        static Target absoluteAtMost(double bound, String text) {
            return new Target(text, bound, false, true);
        }

        String verdict(Double future, Double pekko) {
            if (text.isEmpty()) {
                return "";
            }
            Double value = ratio ? (future != null && pekko != null && pekko != 0 ? future / pekko : null) : future;
            if (value == null) {
                return text;
            }
            boolean met = atMost ? value <= bound : value >= bound;
            return text + (met ? ": met" : ": **missed**");
        }
    }

    static List<Row> all(Plan plan) {
        return List.of(
                new Row("memory", String.format(Locale.ROOT, "Heap per idle actor (%,d actors)", plan.memoryActors()),
                        "memory.bytes", Unit.BYTES, Target.ratioAtMost(0.7)),
                new Row("spawn", String.format(Locale.ROOT, "Spawn rate (%,d actors)", plan.spawnActors()),
                        "spawn.rate", Unit.PER_SECOND, Target.ratioAtLeast(3)),
                new Row("tell", String.format(Locale.ROOT, "Tell throughput (%d echo pairs, %d in flight), msgs/s",
                        plan.tellPairs(), plan.tellBatch()), "tell.rate", Unit.PER_SECOND, Target.ratioAtLeast(1.2)),
                new Row("pingpong", "Ping-pong round trip, median", "pingpong.p50", Unit.MICROS,
                        Target.absoluteAtMost(5, "<= 5 us")),
                new Row("pingpong", "Ping-pong round trip, p99", "pingpong.p99", Unit.MICROS, Target.NONE),
                new Row("kill", "Kill a blocked actor, p50", "kill.p50", Unit.MICROS, Target.NONE),
                new Row("kill", "Kill a blocked actor, p99", "kill.p99", Unit.MICROS, Target.NONE),
                new Row("restart", "Restart (crash to next message handled), p50", "restart.p50", Unit.MICROS, Target.NONE),
                new Row("restart", "Restart (crash to next message handled), p99", "restart.p99", Unit.MICROS, Target.NONE),
                new Row("handoff", "Hand-off of 1 MiB, p50", "handoff.1m.p50", Unit.MICROS, Target.NONE),
                new Row("handoff", "Hand-off of 16 MiB, p50", "handoff.16m.p50", Unit.MICROS, Target.NONE),
                new Row("handoff", "Hand-off of 1 MiB after the write (filled to the reader's touch), p50",
                        "handoff.1m.after.p50", Unit.MICROS, Target.NONE),
                new Row("handoff", "Hand-off of 16 MiB after the write (filled to the reader's touch), p50",
                        "handoff.16m.after.p50", Unit.MICROS, Target.absoluteAtMost(100, "<= 0.1 ms")),
                new Row("process", "PROCESS actor spawn to first reply, p50", "process.spawn.p50", Unit.MICROS, Target.NONE),
                new Row("process", "PROCESS actor kill, p50", "process.kill.p50", Unit.MICROS, Target.NONE));
    }

    /** A mark after Pekko's figure pointing to a note: its kill figure is not a kill (see the notes). */
    String pekkoMark() {
        return scenario.equals("kill") ? " (*)" : "";
    }

    String format(double v) {
        return switch (unit) {
            case BYTES -> String.format(Locale.ROOT, "%,.0f B", v);
            case PER_SECOND -> v >= 1e6 ? String.format(Locale.ROOT, "%.2f M/s", v / 1e6)
                    : String.format(Locale.ROOT, "%,.0f k/s", v / 1e3);
            case MICROS -> v >= 10_000 ? String.format(Locale.ROOT, "%,.1f ms", v / 1e3)
                    : String.format(Locale.ROOT, "%,.1f us", v);
        };
    }
}
