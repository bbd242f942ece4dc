package dev.future.internal.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.future.ResourceException;
import dev.future.SupervisorConfig;
import dev.future.resources.Calculator;
import dev.future.resources.Calculator.Answer;
import dev.future.resources.Calculator.Expr;
import dev.future.resources.Db;
import dev.future.resources.Db.Query;
import dev.future.resources.H2Db;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResourceRegistryTest {

    /** A caller as the runtime would supply one: a name, an optional allow-list, a heartbeat count. */
    static final class TestCaller implements ResourceCaller {
        final String name;
        final Optional<Set<Class<?>>> allowed;
        final AtomicInteger heartbeats = new AtomicInteger();

        TestCaller(String name, Optional<Set<Class<?>>> allowed) {
            this.name = name;
            this.allowed = allowed;
        }

        static TestCaller any() {
            return new TestCaller("actor-1", Optional.empty());
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public Optional<Set<Class<?>>> allowed() {
            return allowed;
        }

        @Override
        public void onCall() {
            heartbeats.incrementAndGet();
        }
    }

    /** The calculator, counting the calls that reach it. */
    static final class CountingCalculator implements Calculator {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Answer compute(Expr e) {
            calls.incrementAndGet();
            return Calculator.evaluate(e);
        }
    }

    /** A resource whose call blocks until interrupted, reporting that it started and that it was interrupted. */
    public interface Slow {
        String work(String input);
    }

    static final class SleepingSlow implements Slow {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        @Override
        public String work(String input) {
            thread.set(Thread.currentThread());
            started.countDown();
            try {
                Thread.sleep(Duration.ofSeconds(30));
                return "finished " + input;
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }

    public interface Echo {
        String echo(@NotNull String s);
    }

    final List<ResourceRegistry> toRelease = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        toRelease.forEach(ResourceRegistry::releaseAll);
    }

    ResourceRegistry registry(Duration timeout, SupervisorConfig.Resource<?>... resources) {
        ResourceRegistry registry = new ResourceRegistry(List.of(resources), timeout);
        toRelease.add(registry);
        return registry;
    }

    ResourceRegistry registry(SupervisorConfig.Resource<?>... resources) {
        return registry(Duration.ofSeconds(5), resources);
    }

    static <R> SupervisorConfig.Resource<R> resource(Class<R> api, R implementation) {
        return new SupervisorConfig.Resource<>(api, implementation, Optional.empty());
    }

    static <R> SupervisorConfig.Resource<R> resource(Class<R> api, R implementation, AutoCloseable release) {
        return new SupervisorConfig.Resource<>(api, implementation, Optional.of(release));
    }

    @Nested
    class Validation {

        final CountingCalculator impl = new CountingCalculator();
        final Calculator calculator = registry(resource(Calculator.class, impl)).proxy(Calculator.class, TestCaller.any());

        @Test
        void shouldReturnTheImplementationsResultWhenInputAndOutputAreValid() {
            Answer answer = calculator.compute(new Expr(6.0, "*", 7.0));

            assertThat(answer.value()).isEqualTo(42.0);
            assertThat(impl.calls).hasValue(1);
        }

        @Test
        void shouldRefuseInvalidInputNamingEachFieldWithoutCallingTheImplementation() {
            ResourceException e = catchThrowableOfType(ResourceException.class,
                    () -> calculator.compute(new Expr(null, "%", 2.0)));

            assertThat(e.violations()).containsExactly(
                    "compute.e.a: must not be null",
                    "compute.e.op: must match \"[+\\-*/]\"");
            assertThat(e).hasMessageContaining("Calculator.compute")
                    .hasMessageContaining("invalid argument")
                    .hasMessageContaining("compute.e.a: must not be null")
                    .hasMessageContaining("compute.e.op");
            assertThat(impl.calls).hasValue(0);
        }

        @Test
        void shouldRefuseANullArgumentNamingTheParameter() {
            ResourceException e = catchThrowableOfType(ResourceException.class, () -> calculator.compute(null));

            assertThat(e.violations()).containsExactly("compute.e: must not be null");
            assertThat(impl.calls).hasValue(0);
        }

        @Test
        void shouldRefuseAnInvalidResultNamingTheFieldAfterTheImplementationRan() {
            ResourceException e = catchThrowableOfType(ResourceException.class,
                    () -> calculator.compute(new Expr(1e12, "*", 10.0)));

            assertThat(e.violations()).containsExactly(
                    "compute.<return value>.value: must be less than or equal to " + Calculator.DISPLAY_MAX);
            assertThat(e).hasMessageContaining("Calculator.compute").hasMessageContaining("invalid result");
            assertThat(impl.calls).hasValue(1);
        }

        @Test
        void shouldRefuseADivisionByZeroAsAnAnswerThatDoesNotFitTheDisplay() {
            assertThatThrownBy(() -> calculator.compute(new Expr(1.0, "/", 0.0)))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("compute.<return value>.value");
        }

        @Test
        void shouldValidateNestedRecordComponentsOfTheDbQuery() {
            H2Db h2 = new H2Db();
            Db db = registry(resource(Db.class, h2, h2)).proxy(Db.class, TestCaller.any());
            List<Object> eleven = Collections.nCopies(11, 1);

            ResourceException e = catchThrowableOfType(ResourceException.class, () -> db.query(new Query(" ", eleven)));

            assertThat(e.violations()).containsExactly(
                    "query.q.params: size must be between 0 and 10",
                    "query.q.sql: must not be blank");
        }

        @Test
        void shouldValidateALambdaImplementationThroughItsInterface() {
            Calculator lambda = Calculator::evaluate;
            Calculator proxy = registry(resource(Calculator.class, lambda)).proxy(Calculator.class, TestCaller.any());

            assertThat(proxy.compute(new Expr(2.0, "+", 2.0)).value()).isEqualTo(4.0);
            assertThatThrownBy(() -> proxy.compute(new Expr(2.0, "x", 2.0)))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("compute.e.op");
        }

        @Test
        void shouldRefuseAnImplementationThatAddsParameterConstraintsWhenTheRegistryIsBuilt() {
            Echo stricter = new Echo() {
                @Override
                public String echo(@NotNull @jakarta.validation.constraints.Size(max = 3) String s) {
                    return s;
                }
            };

            assertThatThrownBy(() -> new ResourceRegistry(List.of(resource(Echo.class, stricter)), Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Echo.class.getName());
        }
    }

    @Nested
    class Lookup {

        final ResourceRegistry registry = registry(
                resource(Calculator.class, new CountingCalculator()), resource(Db.class, new H2Db()));

        @Test
        void shouldNameAnUnknownResourceAndListTheRegisteredOnes() {
            assertThatThrownBy(() -> registry.proxy(Slow.class, TestCaller.any()))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("unknown resource " + Slow.class.getName())
                    .hasMessageContaining(Calculator.class.getName())
                    .hasMessageContaining(Db.class.getName());
            assertThatThrownBy(() -> registry(Duration.ofSeconds(1)).proxy(Db.class, TestCaller.any()))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("none");
        }

        @Test
        void shouldRefuseAResourceTheActorIsNotAllowedToUseNamingTheActorAndTheResource() {
            TestCaller limited = new TestCaller("worker-7", Optional.of(Set.of(Calculator.class)));

            assertThat(registry.proxy(Calculator.class, limited)).isNotNull();
            assertThatThrownBy(() -> registry.proxy(Db.class, limited))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("worker-7")
                    .hasMessageContaining(Db.class.getName());
        }

        @Test
        void shouldHandleObjectMethodsLocallyWithoutCallingTheImplementationOrCountingAHeartbeat() {
            CountingCalculator impl = new CountingCalculator();
            TestCaller caller = TestCaller.any();
            Calculator proxy = registry(resource(Calculator.class, impl)).proxy(Calculator.class, caller);
            Calculator other = registry(resource(Calculator.class, impl)).proxy(Calculator.class, caller);

            assertThat(proxy.toString()).contains("Calculator", "actor-1");
            assertThat(proxy).isEqualTo(proxy).isNotEqualTo(other);
            assertThat(proxy.hashCode()).isEqualTo(System.identityHashCode(proxy));
            assertThat(impl.calls).hasValue(0);
            assertThat(caller.heartbeats).hasValue(0);
        }

        @Test
        void shouldCountEveryCallAsAHeartbeatOfTheCaller() {
            TestCaller caller = TestCaller.any();
            Calculator proxy = registry.proxy(Calculator.class, caller);

            proxy.compute(new Expr(1.0, "+", 1.0));
            assertThatThrownBy(() -> proxy.compute(null)).isInstanceOf(ResourceException.class);

            assertThat(caller.heartbeats).hasValue(2);
        }
    }

    @Nested
    class Failures {

        @Test
        void shouldWrapAnImplementationExceptionNamingTheMethodWithTheOriginalAsCause() {
            IOException boom = new IOException("disk on fire");
            Slow failing = input -> {
                throw new IllegalStateException("wrapped", boom);
            };
            Slow proxy = registry(resource(Slow.class, failing)).proxy(Slow.class, TestCaller.any());

            ResourceException e = catchThrowableOfType(ResourceException.class, () -> proxy.work("x"));

            assertThat(e).hasMessageContaining("Slow.work").hasMessageContaining("wrapped");
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasCause(boom);
            assertThat(e.violations()).isEmpty();
        }

        @Test
        void shouldLetFatalErrorsPassThroughUnwrapped() {
            Slow fatal = input -> {
                throw new OutOfMemoryError("pretend");
            };
            Slow proxy = registry(resource(Slow.class, fatal)).proxy(Slow.class, TestCaller.any());

            assertThatThrownBy(() -> proxy.work("x")).isExactlyInstanceOf(OutOfMemoryError.class).hasMessage("pretend");
        }

        @Test
        void shouldTimeOutASlowCallAndInterruptTheImplementation() {
            SleepingSlow slow = new SleepingSlow();
            Slow proxy = registry(Duration.ofMillis(200), resource(Slow.class, slow)).proxy(Slow.class, TestCaller.any());

            long start = System.nanoTime();
            assertThatThrownBy(() -> proxy.work("x"))
                    .isInstanceOf(ResourceException.class)
                    .hasMessage("resource call Slow.work timed out after PT0.2S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(5)).untilTrue(slow.interrupted);
        }

        @Test
        void shouldInterruptTheImplementationAndKeepTheFlagWhenTheCallerIsInterrupted() throws Exception {
            SleepingSlow slow = new SleepingSlow();
            Slow proxy = registry(resource(Slow.class, slow)).proxy(Slow.class, TestCaller.any());
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();

            Thread actor = Thread.ofVirtual().start(() -> {
                try {
                    proxy.work("x");
                } catch (Throwable t) {
                    thrown.set(t);
                    flagKept.set(Thread.currentThread().isInterrupted());
                }
            });
            assertThat(slow.started.await(5, TimeUnit.SECONDS)).isTrue();
            actor.interrupt();
            assertThat(actor.join(Duration.ofSeconds(5))).isTrue();

            assertThat(thrown.get())
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("Slow.work interrupted: the calling actor was killed")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(flagKept).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilTrue(slow.interrupted);
        }

        @Test
        void shouldRunTheImplementationOnAFreshVirtualThread() {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            Slow recording = input -> {
                ranOn.set(Thread.currentThread());
                return input;
            };
            Slow proxy = registry(resource(Slow.class, recording)).proxy(Slow.class, TestCaller.any());

            assertThat(proxy.work("a")).isEqualTo("a");
            assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
            assertThat(ranOn.get().isVirtual()).isTrue();
            assertThat(ranOn.get().getName()).isEqualTo("resource Slow.work");
        }
    }

    @Nested
    class Release {

        final List<String> order = Collections.synchronizedList(new ArrayList<>());

        public interface A {
            default String name() {
                return "a";
            }
        }

        public interface B {
            default String name() {
                return "b";
            }
        }

        public interface C {
            default String name() {
                return "c";
            }
        }

        @Test
        void shouldRunHooksInReverseRegistrationOrder() {
            ResourceRegistry registry = registry(
                    resource(A.class, new A() {}, () -> order.add("A")),
                    resource(B.class, new B() {}, () -> order.add("B")),
                    resource(C.class, new C() {}, () -> order.add("C")));

            assertThat(registry.releaseAll()).isEmpty();

            assertThat(order).containsExactly("C", "B", "A");
        }

        @Test
        void shouldIsolateAThrowingHookAndReportIt() {
            ResourceRegistry registry = registry(
                    resource(A.class, new A() {}, () -> order.add("A")),
                    resource(B.class, new B() {}, () -> {
                        throw new IOException("socket already closed");
                    }),
                    resource(C.class, new C() {}, () -> order.add("C")));

            assertThat(registry.releaseAll()).containsExactly("B: socket already closed");

            assertThat(order).containsExactly("C", "A");
        }

        @Test
        void shouldBoundAHangingHookByTheCallTimeoutAndStillRunTheOthers() {
            ResourceRegistry registry = registry(Duration.ofMillis(200),
                    resource(A.class, new A() {}, () -> order.add("A")),
                    resource(B.class, new B() {}, () -> Thread.sleep(Duration.ofSeconds(30))));

            assertThat(registry.releaseAll()).singleElement().asString()
                    .startsWith("B: ").contains("timed out after PT0.2S");
            assertThat(order).containsExactly("A");
        }

        @Test
        void shouldRunEachHookOnlyOnceAndRefuseCallsAfterwards() {
            AtomicInteger runs = new AtomicInteger();
            ResourceRegistry registry = registry(
                    resource(Calculator.class, new CountingCalculator(), runs::incrementAndGet),
                    resource(A.class, new A() {}));
            Calculator proxy = registry.proxy(Calculator.class, TestCaller.any());

            registry.releaseAll();
            assertThat(registry.releaseAll()).isEmpty();

            assertThat(runs).hasValue(1);
            assertThat(registry.isReleased()).isTrue();
            assertThatThrownBy(() -> proxy.compute(new Expr(1.0, "+", 1.0)))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("Calculator.compute")
                    .hasMessageContaining("released");
        }

        @Test
        void shouldRunEveryHookWhenTheReleasingThreadIsAlreadyInterruptedAndKeepTheFlag() {
            ResourceRegistry registry = registry(
                    resource(A.class, new A() {}, () -> order.add("A")),
                    resource(B.class, new B() {}, () -> order.add("B")));

            Thread.currentThread().interrupt();
            List<String> failures;
            try {
                failures = registry.releaseAll();
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }

            assertThat(failures).isEmpty();
            assertThat(order).containsExactly("B", "A");
        }

        @Test
        void shouldCancelOnlyTheRunningHookWhenTheReleasingThreadIsInterrupted() throws Exception {
            CountDownLatch hookStarted = new CountDownLatch(1);
            AtomicBoolean hookInterrupted = new AtomicBoolean();
            ResourceRegistry registry = registry(
                    resource(A.class, new A() {}, () -> order.add("A")),
                    resource(B.class, new B() {}, () -> {
                        hookStarted.countDown();
                        try {
                            Thread.sleep(Duration.ofSeconds(30));
                        } catch (InterruptedException e) {
                            hookInterrupted.set(true);
                        }
                    }));
            AtomicReference<List<String>> failures = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();

            Thread releasing = Thread.ofVirtual().start(() -> {
                failures.set(registry.releaseAll());
                flagKept.set(Thread.currentThread().isInterrupted());
            });
            assertThat(hookStarted.await(5, TimeUnit.SECONDS)).isTrue();
            releasing.interrupt();
            assertThat(releasing.join(Duration.ofSeconds(5))).isTrue();

            assertThat(failures.get()).singleElement().asString()
                    .startsWith("B: ").contains("the releasing thread was interrupted");
            assertThat(order).containsExactly("A");
            assertThat(flagKept).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilTrue(hookInterrupted);
        }
    }

    @Nested
    class Stats {

        @Test
        void shouldCountCallsAndFailuresPerResource() {
            ResourceRegistry registry = registry(
                    resource(Calculator.class, new CountingCalculator()), resource(Slow.class, input -> input));
            Calculator calculator = registry.proxy(Calculator.class, TestCaller.any());

            calculator.compute(new Expr(1.0, "+", 1.0));
            calculator.compute(new Expr(2.0, "+", 2.0));
            assertThatThrownBy(() -> calculator.compute(null)).isInstanceOf(ResourceException.class);

            ResourceStats stats = registry.stats().get(Calculator.class.getName());
            assertThat(stats.calls()).isEqualTo(3);
            assertThat(stats.failures()).isEqualTo(1);
            assertThat(stats.p50Micros()).isLessThanOrEqualTo(stats.p99Micros());
            assertThat(stats.p99Micros()).isLessThanOrEqualTo(stats.maxMicros());
            assertThat(registry.stats().get(Slow.class.getName()).calls()).isZero();
            assertThat(registry.stats().keySet()).containsExactly(Calculator.class.getName(), Slow.class.getName());
        }

        @Test
        void shouldCountConcurrentCallsExactly() throws Exception {
            ResourceRegistry registry = registry(resource(Calculator.class, new CountingCalculator()));
            Calculator calculator = registry.proxy(Calculator.class, TestCaller.any());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                double n = i;
                threads.add(Thread.ofVirtual().start(() -> calculator.compute(new Expr(n, "+", 1.0))));
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(5))).isTrue();
            }

            assertThat(registry.stats().get(Calculator.class.getName()).calls()).isEqualTo(200);
        }

        @Test
        void shouldRecordTheLatencyOfASlowCall() {
            Slow sleepy = input -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return input;
            };
            ResourceRegistry registry = registry(resource(Slow.class, sleepy));

            registry.proxy(Slow.class, TestCaller.any()).work("x");

            assertThat(registry.stats().get(Slow.class.getName()).maxMicros()).isGreaterThanOrEqualTo(20_000);
        }
    }

    @Nested
    class H2 {

        final H2Db h2 = new H2Db();
        final ResourceRegistry registry = registry(resource(Db.class, h2, h2));
        final Db db = registry.proxy(Db.class, TestCaller.any());

        @Test
        void shouldCreateInsertAndQueryThroughTheProxy() {
            db.execute(new Query("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))"));
            assertThat(db.execute(Query.of("INSERT INTO users VALUES (?, ?), (?, ?)", 1, "ada", 2, "alan"))).isEqualTo(2);

            Db.Rows rows = db.query(Query.of("SELECT id, name FROM users WHERE id >= ? ORDER BY id", 1));

            assertThat(rows.rows()).containsExactly(Map.of("ID", 1, "NAME", "ada"), Map.of("ID", 2, "NAME", "alan"));
        }

        @Test
        void shouldAnswerSelectOneLikeTheOriginalExample() {
            assertThat(db.query(new Query("SELECT 1 AS id, 'SELECT 1' AS sql")).rows())
                    .containsExactly(Map.of("ID", 1, "SQL", "SELECT 1"));
        }

        @Test
        void shouldReportBadSqlAsAResourceFailureNamingTheMethod() {
            ResourceException e = catchThrowableOfType(ResourceException.class,
                    () -> db.query(new Query("SELECT * FROM no_such_table")));

            assertThat(e).hasMessageContaining("Db.query").hasMessageContaining("NO_SUCH_TABLE");
            assertThat(e.getCause()).hasCauseInstanceOf(java.sql.SQLException.class);
        }

        @Test
        void shouldShutTheDatabaseDownOnRelease() {
            db.execute(new Query("CREATE TABLE t (x INT)"));

            assertThat(registry.releaseAll()).isEmpty();

            assertThat(h2.isClosed()).isTrue();
        }
    }
}
