package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.future.TestSupport.Recorder;
import dev.future.resources.Calculator;
import dev.future.resources.Db;
import dev.future.resources.H2Db;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resources as actors see them: validated proxies over real implementations (an H2 database). */
@Timeout(30)
class ResourcesInActorsTest {

    /** A slow resource, to see calls interrupted. */
    public interface Slow {
        String call(String x);
    }

    @Test
    void shouldQueryARealDatabaseThroughAValidatedProxy() throws Exception {
        H2Db db = new H2Db();
        db.execute(new Db.Query("create table jobs(id int primary key, name varchar(20))"));
        db.execute(Db.Query.of("insert into jobs values (?, ?)", 1, "ingest"));
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().resource(Db.class, db, db).build())) {
            Recorder rec = new Recorder();
            ActorRef agent = s.spawn((self, msg, ctx) -> {
                Db.Rows rows = ctx.resource(Db.class).query(new Db.Query("select name from jobs where id = 1"));
                self.send("rows", rows.rows());
            });
            agent.subscribe(rec);
            agent.receive("go", null);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) rec.awaitFirst("rows").data();
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().values()).containsExactly("ingest");
        }
        assertThat(db.isClosed()).as("the release hook ran at shutdown").isTrue();
    }

    @Test
    void shouldCrashAnActorThatIgnoresAValidationFailureNamingTheField() {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().retry(Retry.none())
                .resource(Calculator.class, Calculator::evaluate).build())) {
            Recorder rec = new Recorder();
            ActorRef a = s.spawn((self, msg, ctx) ->
                    ctx.resource(Calculator.class).compute(new Calculator.Expr(1.0, "%", 2.0)));
            a.subscribe(rec);
            a.receive("go", null);
            Down down = rec.awaitFirst("DOWN").data(Down.class);
            assertThat(down.reason()).startsWith("crashed: dev.future.ResourceException").contains("op");
        }
    }

    @Test
    void shouldReturnValidationFailuresAsResourceExceptionsToActorsThatCatchThem() {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder()
                .resource(Calculator.class, Calculator::evaluate).build())) {
            Recorder rec = new Recorder();
            ActorRef a = s.spawn((self, msg, ctx) -> {
                try {
                    ctx.resource(Calculator.class).compute(new Calculator.Expr(1e12, "*", 1e12));
                } catch (ResourceException e) {
                    self.send("refused", e.violations());
                }
            });
            a.subscribe(rec);
            a.receive("go", null);
            @SuppressWarnings("unchecked")
            List<String> violations = (List<String>) rec.awaitFirst("refused").data();
            assertThat(violations).anySatisfy(v -> assertThat(v).contains("value"));
        }
    }

    @Test
    void shouldRefuseUnknownAndForbiddenResourcesNamingThem() {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder()
                .resource(Calculator.class, Calculator::evaluate).build())) {
            Recorder rec = new Recorder();
            ActorRef a = s.spawn((self, msg, ctx) -> {
                for (Class<?> api : List.of(Db.class, Calculator.class)) {
                    try {
                        ctx.resource(api);
                        self.send("allowed", api.getSimpleName());
                    } catch (ResourceException e) {
                        self.send("refused", e.getMessage());
                    }
                }
            }, SpawnOptions.builder().name("limited").resources(Db.class).build());
            a.subscribe(rec);
            a.receive("go", null);
            eventually().until(() -> rec.withKey("refused").size() == 2);
            List<String> why = rec.withKey("refused").stream().map(m -> (String) m.data()).toList();
            assertThat(why.get(0)).contains(Db.class.getName()).contains(Calculator.class.getName());
            assertThat(why.get(1)).contains("limited").contains(Calculator.class.getName());
        }
    }

    @Test
    void shouldInterruptTheInFlightCallOfAKilledActor() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean implInterrupted = new AtomicBoolean();
        Slow slow = x -> {
            entered.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                implInterrupted.set(true);
                Thread.currentThread().interrupt();
            }
            return x;
        };
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().resource(Slow.class, slow)
                .hangTimeout(Duration.ofMillis(100)).build())) {
            ActorRef a = s.spawn((self, msg, ctx) -> ctx.resource(Slow.class).call("x"));
            a.receive("go", null);
            entered.await();
            // the watchdog does not count the wait on a resource call as a hang
            eventually().during(Duration.ofMillis(300)).until(a::isAlive);
            a.terminate();
            assertThat(a.awaitTermination(Duration.ofSeconds(5))).isTrue();
            eventually().until(implInterrupted::get);
        }
    }

    @Test
    void shouldRunReleaseHooksOnceAfterEveryActorStoppedInReverseOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicBoolean actorAliveDuringHook = new AtomicBoolean();
        Supervisor s = Supervisor.create(SupervisorConfig.builder()
                .resource(Calculator.class, Calculator::evaluate, () -> order.add("calculator"))
                .resource(Slow.class, x -> x, () -> {
                    order.add("slow");
                    throw new IllegalStateException("a failing hook");
                })
                .resource(Db.class, new H2Db(), () -> order.add("db"))
                .build());
        ActorRef a = s.spawn((self, msg, ctx) -> Thread.sleep(60_000));
        a.receive("block", null);
        s.subscribe(m -> {});
        s.close();
        actorAliveDuringHook.set(a.isAlive());
        s.close();
        assertThat(order).containsExactly("db", "slow", "calculator");
        assertThat(actorAliveDuringHook).isFalse();
    }

    @Test
    void shouldOfferTheSameCodecsInsideActorsAndOnTheMainThread() {
        record Job(String id, int size) {}
        try (Supervisor s = Supervisor.create()) {
            Recorder rec = new Recorder();
            ActorRef a = s.spawn((self, msg, ctx) -> self.send("bytes", ctx.fmt().cbor().encode(new Job("j", 2))));
            a.subscribe(rec);
            a.receive("go", null);
            byte[] cbor = (byte[]) rec.awaitFirst("bytes").data();
            assertThat(s.fmt().cbor().decode(cbor, Job.class)).isEqualTo(new Job("j", 2));
            assertThat(s.fmt().decode(s.fmt().encode(Map.of("a", 1)))).isEqualTo(Map.of("a", 1));
        }
    }
}
