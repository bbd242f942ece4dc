package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskTest {

    Supervisor supervisor;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create(SupervisorConfig.builder().killGrace(Duration.ofMillis(100)).build());
    }

    @AfterEach
    void stop() {
        supervisor.close();
    }

    /** A task, already running, that sleeps until interrupted, and says whether it was. */
    Task<String> hung(AtomicBoolean interrupted) {
        AtomicBoolean started = new AtomicBoolean();
        Task<String> t = supervisor.task(() -> {
            started.set(true);
            try {
                Thread.sleep(60_000);
                return "woke";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        });
        eventually().until(started::get);
        return t;
    }

    public static final class WordCount implements TaskBody<String, Integer> {
        public WordCount() {}

        @Override
        public Integer run(String input, TaskContext ctx) {
            ctx.heartbeat();
            return input.split(" ").length;
        }
    }

    @Nested
    class SingleTasks {
        @Test
        void shouldReturnTheValue() throws Exception {
            Task<Integer> t = supervisor.task(() -> 6 * 7);
            assertThat(t.await()).isEqualTo(Result.ok(42));
            assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(t.isDone()).isTrue();
        }

        @Test
        void shouldRunTheClassForm() throws Exception {
            Task<Integer> t = supervisor.task(WordCount.class, "to be or not to be", TaskOptions.defaults());
            assertThat(t.await(Duration.ofSeconds(5))).isEqualTo(Result.ok(6));
        }

        @Test
        void shouldTurnAFailureIntoAnErrNotARestart() throws Exception {
            Task<String> t = supervisor.task(() -> {
                throw new IllegalStateException("broken fetch");
            }, TaskOptions.builder().name("fetch").build());
            Result<String> r = t.await();
            assertThat(r.error()).contains("fetch").contains("broken fetch");
            assertThat(t.state()).isEqualTo(TaskState.FAILED);
            assertThat(supervisor.diagnostics().restarts()).isZero();
        }

        @Test
        void shouldKillTheWorkWhenAwaitTimesOut() throws Exception {
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> t = hung(interrupted);
            Result<String> r = t.await(Duration.ofMillis(100));
            assertThat(r.error()).contains("timed out");
            assertThat(t.state()).isEqualTo(TaskState.TIMED_OUT);
            eventually().until(interrupted::get);
            eventually().until(() -> supervisor.diagnostics().activeActors() == 0);
        }

        @Test
        void shouldKillTheWorkAtItsOwnTimeout() throws Exception {
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> t = supervisor.task(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return "late";
            }, TaskOptions.builder().timeout(Duration.ofMillis(100)).build());
            assertThat(t.await().error()).contains("timed out");
            eventually().until(interrupted::get);
        }

        @Test
        void shouldCancelOnce() throws Exception {
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> t = hung(interrupted);
            assertThat(t.cancel()).isTrue();
            assertThat(t.cancel()).isFalse();
            assertThat(t.state()).isEqualTo(TaskState.CANCELLED);
            assertThat(t.await().error()).contains("cancelled");
            eventually().until(interrupted::get);
        }

        @Test
        void shouldCountAgainstMaxActorsAndShowInDiagnostics() {
            try (Supervisor small = Supervisor.create(SupervisorConfig.builder().maxActors(1).build())) {
                Task<String> t = small.task(() -> {
                    Thread.sleep(60_000);
                    return "x";
                }, TaskOptions.builder().name("long").build());
                assertThat(small.diagnostics().actors()).extracting(ActorDiagnostics::name).contains("long");
                assertThatThrownBy(() -> small.task(() -> 1)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("maxActors=1");
                t.cancel();
            }
        }

        @Test
        void shouldInteroperateThroughCompletableFuture() throws Exception {
            CompletableFuture<Integer> f = supervisor.task(() -> 7).toCompletableFuture();
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(7);
            CompletableFuture<Integer> failing = supervisor.task((java.util.concurrent.Callable<Integer>) () -> {
                throw new IllegalStateException("no");
            }).toCompletableFuture();
            assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no");
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> t = hung(interrupted);
            t.toCompletableFuture().cancel(true);
            eventually().until(interrupted::get);
            assertThat(t.state()).isEqualTo(TaskState.CANCELLED);
        }
    }

    @Nested
    class Combinators {
        @Test
        void shouldCollectAllInOrder() throws Exception {
            Task<List<Integer>> all = Tasks.all(List.of(supervisor.task(() -> 1), supervisor.task(() -> 2)));
            assertThat(all.await(Duration.ofSeconds(5))).isEqualTo(Result.ok(List.of(1, 2)));
        }

        @Test
        void shouldFailFastAndKillTheRest() throws Exception {
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> slow = hung(interrupted);
            Task<String> bad = supervisor.task(() -> {
                throw new IllegalStateException("bad");
            });
            Result<List<String>> r = Tasks.all(List.of(slow, bad)).await(Duration.ofSeconds(5));
            assertThat(r.error()).contains("bad");
            eventually().until(interrupted::get);
            assertThat(slow.state()).isEqualTo(TaskState.CANCELLED);
        }

        @Test
        void shouldCollectEveryError() throws Exception {
            Task<List<Integer>> all = Tasks.allCollectingErrors(List.of(
                    supervisor.task(() -> { throw new IllegalStateException("one"); }),
                    supervisor.task(() -> 2),
                    supervisor.task(() -> { throw new IllegalStateException("three"); })));
            String error = all.await(Duration.ofSeconds(5)).error();
            assertThat(error).contains("2 of 3").contains("[0]").contains("one").contains("[2]").contains("three");
        }

        @Test
        void shouldSettleEveryResult() throws Exception {
            Task<List<Result<Integer>>> s = Tasks.settle(List.of(supervisor.task(() -> 1),
                    supervisor.task(() -> { throw new IllegalStateException("x"); })));
            List<Result<Integer>> results = s.await(Duration.ofSeconds(5)).value();
            assertThat(results.get(0)).isEqualTo(Result.ok(1));
            assertThat(results.get(1).isErr()).isTrue();
        }

        @Test
        void shouldRaceAndKillTheLosers() throws Exception {
            AtomicBoolean loserInterrupted = new AtomicBoolean();
            Task<String> hungFetch = hung(loserInterrupted);
            Task<String> fast = supervisor.task(() -> "fast");
            assertThat(Tasks.race(List.of(hungFetch, fast)).await(Duration.ofSeconds(5))).isEqualTo(Result.ok("fast"));
            eventually().until(loserInterrupted::get);
        }

        @Test
        void shouldReturnTheLastErrWhenEveryRacerFails() throws Exception {
            Task<String> first = supervisor.task(() -> { throw new IllegalStateException("first"); });
            first.await();
            Task<String> second = supervisor.task(() -> {
                Thread.sleep(50);
                throw new IllegalStateException("second");
            });
            assertThat(Tasks.race(List.of(first, second)).await(Duration.ofSeconds(5)).error()).contains("second");
        }

        @Test
        void shouldRetryWithBackoffAtMostMaxPlusOneTimes() throws Exception {
            AtomicInteger attempts = new AtomicInteger();
            Task<String> r = Tasks.retry(() -> supervisor.task(() -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("flaky");
            }), Retry.fixed(2, Duration.ofMillis(20)));
            assertThat(r.await(Duration.ofSeconds(5)).error()).contains("3 attempts").contains("flaky");
            assertThat(attempts).hasValue(3);
            AtomicInteger tries = new AtomicInteger();
            Task<String> ok = Tasks.retry(() -> supervisor.task(() -> {
                if (tries.incrementAndGet() < 2) {
                    throw new IllegalStateException("once");
                }
                return "ok";
            }), Retry.fixed(5, Duration.ofMillis(10)));
            assertThat(ok.await(Duration.ofSeconds(5))).isEqualTo(Result.ok("ok"));
        }

        @Test
        void shouldKillAWrappedTaskAtItsTimeout() throws Exception {
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> t = Tasks.withTimeout(hung(interrupted), Duration.ofMillis(100));
            assertThat(t.await().error()).contains("timed out");
            assertThat(t.state()).isEqualTo(TaskState.TIMED_OUT);
            eventually().until(interrupted::get);
        }

        @Test
        void shouldSettleADeferredOnce() throws Exception {
            Deferred<String> d = Deferred.create();
            assertThat(d.await(Duration.ofMillis(20)).error()).contains("not settled");
            Thread.ofVirtual().start(() -> d.resolve("v"));
            assertThat(d.await(Duration.ofSeconds(5))).isEqualTo(Result.ok("v"));
            assertThat(d.reject(new IllegalStateException("late"))).isFalse();
            assertThat(d.isDone()).isTrue();
            Deferred<String> r = Deferred.create();
            r.reject(new IllegalStateException("nope"));
            assertThat(r.await(Duration.ofSeconds(1)).error()).contains("nope");
        }
    }
}
