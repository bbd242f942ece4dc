package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.future.TestSupport.Recorder;
import dev.future.resources.Calculator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DiagnosticsTest {

    static SupervisorConfig tracking(double rate, Track... tracks) {
        return SupervisorConfig.builder().memory(4, "4kb").retry(Retry.fixed(10, Duration.ofMillis(5)))
                .killGrace(Duration.ofMillis(50))
                .resource(Calculator.class, Calculator::evaluate)
                .diagnostics(DiagnosticsConfig.builder().enabled(true).sampleRate(rate).track(tracks).build())
                .build();
    }

    /** Exercises every tracked metric once or more. */
    static void workload(Supervisor s) {
        Recorder rec = new Recorder();
        ActorRef reader = s.spawn((self, msg, ctx) -> {
            if (msg.hasHandle()) {
                ctx.read(msg).ifPresent(Reader::close);
            }
        });
        ActorRef worker = s.spawn((self, msg, ctx) -> {
            ctx.heartbeat();
            Thread.sleep(2);
            ctx.heartbeat();
            ctx.resource(Calculator.class).compute(new Calculator.Expr(1.0, "+", 2.0));
            ctx.write(Write.string("out", "x").share(Share.of(reader)));
            self.send("done");
        }, SpawnOptions.builder().name("worker").build());
        worker.subscribe(rec);
        for (int i = 0; i < 20; i++) {
            worker.receive("job", i);
        }
        eventually().until(() -> rec.withKey("done").size() == 20);
        ActorRef shortLived = s.spawn((self, msg, ctx) -> {});
        shortLived.terminate();
        eventually().until(() -> !shortLived.isAlive());
    }

    @Nested
    class WhenDisabled {
        @Test
        void shouldFillOnlyTheBasicFields() {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().resource(Calculator.class,
                    Calculator::evaluate).build())) {
                workload(s);
                SupervisorDiagnostics d = s.diagnostics();
                assertThat(d.totalActorsSpawned()).isEqualTo(3);
                assertThat(d.messageLatency()).isEmpty();
                assertThat(d.actorLifetimes()).isEmpty();
                assertThat(d.authorization()).isEmpty();
                assertThat(d.resourceCalls()).isEmpty();
                assertThat(d.actors().getFirst().messageLatency()).isEmpty();
                assertThat(d.actors().getFirst().messageCount()).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Nested
    class WhenTracked {
        @Test
        void shouldCarryEveryTrackedBlock() {
            try (Supervisor s = Supervisor.create(tracking(1.0, Track.values()))) {
                workload(s);
                SupervisorDiagnostics d = s.diagnostics();
                assertThat(d.messageLatency().orElseThrow().count()).isGreaterThanOrEqualTo(20);
                assertThat(d.messageLatency().orElseThrow().unit()).isEqualTo("us");
                assertThat(d.inboxDepth().orElseThrow().count()).isGreaterThanOrEqualTo(20);
                assertThat(d.heartbeatIntervals().orElseThrow().intervals().count()).isGreaterThanOrEqualTo(20);
                assertThat(d.actorLifetimes().orElseThrow().count()).isEqualTo(1);
                assertThat(d.startTimes().orElseThrow().count()).isEqualTo(3);
                assertThat(d.refCounts().orElseThrow().count()).isEqualTo(20);
                assertThat(d.bufferUtilization().orElseThrow().count()).isEqualTo(20);
                assertThat(d.authorization().orElseThrow().granted()).isGreaterThanOrEqualTo(20);
                assertThat(d.writeQueueWait()).isPresent();
                assertThat(d.writeQueueDepth()).isPresent();
                assertThat(d.processLifetimes()).isPresent();
                assertThat(d.resourceCalls().orElseThrow()).singleElement()
                        .satisfies(r -> assertThat(r.calls()).isEqualTo(20));
                ActorDiagnostics worker = d.actors().stream().filter(a -> a.name().equals("worker")).findFirst()
                        .orElseThrow();
                assertThat(worker.messageLatency().orElseThrow().count()).isEqualTo(20);
                assertThat(worker.heartbeatIntervals().orElseThrow().count()).isGreaterThanOrEqualTo(20);
                assertThat(worker.inboxDepth().orElseThrow().count()).isEqualTo(20);
            }
        }

        @Test
        void shouldCarryOnlyTheTrackedBlocks() {
            try (Supervisor s = Supervisor.create(tracking(1.0, Track.ACTOR_LIFETIMES))) {
                workload(s);
                SupervisorDiagnostics d = s.diagnostics();
                assertThat(d.actorLifetimes()).isPresent();
                assertThat(d.messageLatency()).isEmpty();
                assertThat(d.refCounts()).isEmpty();
                assertThat(d.actors().getFirst().messageLatency()).isEmpty();
            }
        }

        @Test
        void shouldRecordNothingAtSampleRateZero() {
            try (Supervisor s = Supervisor.create(tracking(0.0, Track.MESSAGE_LATENCY, Track.REF_COUNT_HISTORY))) {
                workload(s);
                assertThat(s.diagnostics().messageLatency().orElseThrow().count()).isZero();
                assertThat(s.diagnostics().refCounts().orElseThrow().count()).isZero();
            }
        }

        @Test
        void shouldSampleAtAPartialRate() {
            try (Supervisor s = Supervisor.create(tracking(0.5, Track.MESSAGE_LATENCY))) {
                ActorRef a = s.spawn((self, msg, ctx) -> {});
                for (int i = 0; i < 2000; i++) {
                    a.receive("m", i);
                }
                eventually().until(() -> a.diagnostics().messageCount() == 2000);
                long n = s.diagnostics().messageLatency().orElseThrow().count();
                assertThat(n).isBetween(600L, 1400L);
            }
        }

        @Test
        void shouldKeepDeadActorsVisibleWithTheirReasonButBounded() {
            try (Supervisor s = Supervisor.create(tracking(1.0, Track.ACTOR_LIFETIMES))) {
                for (int i = 0; i < 200; i++) {
                    s.spawn((self, msg, ctx) -> {}).terminate();
                }
                eventually().until(() -> s.diagnostics().totalActorsTerminated() == 200);
                List<ActorDiagnostics> dead = s.diagnostics().recentlyTerminated();
                assertThat(dead).hasSizeLessThanOrEqualTo(64).isNotEmpty();
                assertThat(dead).allSatisfy(a -> assertThat(a.terminationReason()).contains("terminated"));
            }
        }
    }

    @Nested
    class FlightRecorder {
        @Test
        void shouldEmitLifecycleEventsIntoARecording(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("future.jfr");
            try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
                for (String name : List.of("dev.future.Spawn", "dev.future.Crash", "dev.future.Restart",
                        "dev.future.Kill", "dev.future.Runaway", "dev.future.Escalation")) {
                    recording.enable(name);
                }
                recording.start();
                try (Supervisor s = Supervisor.create(SupervisorConfig.builder().killGrace(Duration.ofMillis(30))
                        .retry(Retry.fixed(1, Duration.ZERO)).build())) {
                    ActorRef crasher = s.spawn((self, msg, ctx) -> {
                        throw new IllegalStateException("jfr");
                    });
                    crasher.receive("1", null);
                    eventually().until(() -> crasher.diagnostics().incarnation() == 2);
                    crasher.receive("2", null); // the second crash spends the budget: escalation
                    eventually().until(() -> !crasher.isAlive());
                    AtomicBoolean stop = new AtomicBoolean();
                    ActorRef spinner = s.spawn((self, msg, ctx) -> {
                        while (!stop.get()) {
                            Thread.onSpinWait();
                        }
                    });
                    spinner.receive("spin", null);
                    eventually().until(() -> spinner.state() == ActorState.BUSY);
                    spinner.terminate();
                    eventually().until(() -> !spinner.isAlive());
                    stop.set(true);
                }
                recording.stop();
                recording.dump(file);
            }
            assertThat(Files.size(file)).isPositive();
            Set<String> names = RecordingFile.readAllEvents(file).stream().map(RecordedEvent::getEventType)
                    .map(jdk.jfr.EventType::getName).filter(n -> n.startsWith("dev.future."))
                    .collect(Collectors.toSet());
            assertThat(names).contains("dev.future.Spawn", "dev.future.Crash", "dev.future.Restart",
                    "dev.future.Kill", "dev.future.Runaway", "dev.future.Escalation");
            RecordedEvent kill = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("dev.future.Kill")).findFirst().orElseThrow();
            assertThat(kill.getString("reason")).isNotBlank();
        }

        @Test
        void shouldLeaveHighRateSpawnEventsOffByDefault() {
            // @Enabled(false) on the high-rate spawn event; the others keep JFR's default (enabled)
            assertThat(dev.future.internal.diag.FlightEvents.Spawn.class.getAnnotation(jdk.jfr.Enabled.class).value())
                    .isFalse();
            assertThat(dev.future.internal.diag.FlightEvents.Crash.class.getAnnotation(jdk.jfr.Enabled.class).value())
                    .isTrue();
            assertThat(dev.future.internal.diag.FlightEvents.Kill.class.getAnnotation(jdk.jfr.Enabled.class).value())
                    .isTrue();
        }
    }
}
