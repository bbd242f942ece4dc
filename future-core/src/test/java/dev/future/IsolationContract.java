package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.future.TestSupport.Recorder;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every isolation must share: one suite, run once per isolation by a tiny subclass
 * ({@link ThreadIsolationContractTest}, {@link ProcessIsolationContractTest}). The actors are public
 * classes with no-arg constructors, so the same code runs in this JVM and in a worker JVM, and they
 * talk back only through {@code self.send} (tier-1 data that crosses as CBOR: strings and numbers).
 */
@Timeout(60)
abstract class IsolationContract {

    /** The isolation under test. */
    protected abstract Isolation isolation();

    Supervisor supervisor;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create(TestSupport.fast().memory(8, "64kb").build());
    }

    @AfterEach
    void stop() {
        supervisor.close();
    }

    SpawnOptions.Builder options() {
        return SpawnOptions.builder().isolation(isolation());
    }

    ActorRef spawn(Class<? extends Actor> type) {
        return supervisor.spawn(type, options().build());
    }

    // ------------------------------------------------------------------ actors

    /** Answers "ping" with "pong" carrying the same data; "crash" throws. */
    public static final class Echo implements Actor {
        public Echo() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            switch (msg.msg()) {
                case "ping" -> self.send("pong", msg.data());
                case "crash" -> throw new IllegalStateException("boom");
                default -> { }
            }
        }
    }

    /** "block" blocks (only a kill ends it); "DOWN"/"EXIT" are reported as "down"/"exit" with the reason. */
    public static final class Blocker implements Actor {
        public Blocker() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) throws Exception {
            switch (msg.msg()) {
                case "block" -> {
                    self.send("blocking");
                    Thread.sleep(600_000);
                }
                case "DOWN" -> self.send("down", msg.data(Down.class).reason());
                case "EXIT" -> self.send("exit", msg.data(Exit.class).reason());
                default -> { }
            }
        }
    }

    /** "write" writes its text to tier 2 (OWNER); a handle message is read and its text sent back. */
    public static final class Tier2Actor implements Actor {
        public Tier2Actor() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if (msg.hasHandle()) {
                try (Reader r = ctx.read(msg).orElseThrow()) {
                    self.send("read", r.string());
                }
                return;
            }
            if (msg.msg().equals("write")) {
                Result<Handle> written = ctx.write(Write.string("blob", (String) msg.data()));
                self.send(written.isOk() ? "written" : "write-failed", written.isOk() ? "ok" : written.error());
            }
        }
    }

    /** "beat" works 400 ms with heartbeats; "hang" sleeps without any. */
    public static final class Hanger implements Actor {
        public Hanger() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) throws Exception {
            switch (msg.msg()) {
                case "beat" -> {
                    for (int i = 0; i < 8; i++) {
                        Thread.sleep(50);
                        ctx.heartbeat();
                    }
                    self.send("survived");
                }
                case "hang" -> Thread.sleep(600_000);
                default -> { }
            }
        }
    }

    /** "start" waits for "wanted" with ctx.receive(key), reports its data, then handles the rest in order. */
    public static final class Selective implements Actor {
        public Selective() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) throws Exception {
            if (msg.msg().equals("start")) {
                Optional<Message> m = ctx.receive("wanted", Duration.ofSeconds(10));
                self.send("got", m.map(Message::data).orElse("nothing"));
                Optional<Message> none = ctx.receive("never", Duration.ofMillis(20));
                self.send("timeout", none.isEmpty() ? "empty" : "present");
            } else {
                self.send("handled", msg.msg());
            }
        }
    }

    // ------------------------------------------------------------------ the contract

    @Nested
    class Messages {
        @Test
        void shouldEchoTier1DataBack() {
            ActorRef echo = spawn(Echo.class);
            Recorder r = new Recorder();
            echo.subscribe(r);
            echo.receive("ping", "hello");
            echo.receive("ping", 42);
            eventually().until(() -> r.withKey("pong").size() == 2);
            assertThat(r.withKey("pong")).extracting(Message::data).containsExactly("hello", 42);
            assertThat(r.withKey("pong").getFirst().from()).isEqualTo(echo.id());
            assertThat(echo.diagnostics().isolation()).isEqualTo(isolation());
        }

        @Test
        void shouldWaitForAMatchingMessageWithReceiveAndKeepTheOthersInOrder() {
            ActorRef a = spawn(Selective.class);
            Recorder r = new Recorder();
            a.subscribe(r);
            a.receive("start", null);
            a.receive("other", null);
            a.receive("wanted", 7);
            eventually().until(() -> !r.withKey("handled").isEmpty());
            assertThat(r.withKey("got")).extracting(Message::data).containsExactly(7);
            assertThat(r.withKey("timeout")).extracting(Message::data).containsExactly("empty");
            assertThat(r.withKey("handled")).extracting(Message::data).containsExactly("other");
        }
    }

    @Nested
    class Supervision {
        @Test
        void shouldRestartACrashedActorKeepingItsRefAndQueuedMessages() {
            ActorRef echo = spawn(Echo.class);
            Recorder r = new Recorder();
            echo.subscribe(r);
            echo.receive("crash", null);
            echo.receive("ping", 1);
            echo.receive("ping", 2);
            eventually().until(() -> r.withKey("pong").size() == 2);
            assertThat(r.withKey("pong")).extracting(Message::data).containsExactly(1, 2);
            assertThat(echo.isAlive()).isTrue();
            assertThat(echo.diagnostics().incarnation()).isEqualTo(2);
            Message exit = r.awaitFirst("EXIT");
            assertThat(((Exit) exit.data()).reason()).isEqualTo("crashed: java.lang.IllegalStateException: boom");
        }

        @Test
        void shouldSendDownToAMonitorWhenTerminated() {
            ActorRef target = spawn(Blocker.class);
            ActorRef watcher = spawn(Blocker.class);
            Recorder w = new Recorder();
            watcher.subscribe(w);
            Recorder t = new Recorder();
            target.subscribe(t);
            watcher.monitor(target);
            target.receive("block", null);
            t.awaitFirst("blocking");
            target.terminate();
            Message down = w.awaitFirst("down");
            assertThat(down.data()).isEqualTo("terminated");
            assertThat(target.isAlive()).isFalse();
        }

        @Test
        void shouldKillALinkedActorWhenItsPartnerCrashes() {
            ActorRef crasher = supervisor.spawn(Echo.class, options().restart(Restart.TEMPORARY).build());
            ActorRef partner = spawn(Blocker.class);
            Recorder p = new Recorder();
            partner.subscribe(p);
            crasher.link(partner);
            crasher.receive("crash", null);
            Message exit = p.awaitFirst("EXIT");
            assertThat(((Exit) exit.data()).reason()).isEqualTo("linked_actor_died");
        }

        @Test
        void shouldKillAHandlerBusyPastItsHangTimeoutButNotOneThatHeartbeats() {
            ActorRef a = supervisor.spawn(Hanger.class, options().hangTimeout(Duration.ofMillis(200))
                    .restart(Restart.TEMPORARY).build());
            Recorder r = new Recorder();
            a.subscribe(r);
            a.receive("beat", null);
            r.awaitFirst("survived");
            a.receive("hang", null);
            Message down = r.awaitFirst("DOWN");
            assertThat(((Down) down.data()).reason()).isEqualTo("timeout");
        }
    }

    @Nested
    class TierTwo {
        @Test
        void shouldLetTheMainThreadReadWhatTheActorWrote() {
            ActorRef writer = spawn(Tier2Actor.class);
            Recorder r = new Recorder();
            java.util.List<String> read = new java.util.concurrent.CopyOnWriteArrayList<>();
            writer.subscribe(m -> {
                if (m.hasHandle()) { // the delivery's reference lasts as long as this callback
                    try (Reader reader = writer.read(m).orElseThrow()) {
                        read.add(reader.string());
                    }
                }
            });
            writer.subscribe(r);
            writer.receive("write", "x".repeat(40_000));
            eventually().until(() -> !read.isEmpty());
            assertThat(read.getFirst()).isEqualTo("x".repeat(40_000));
            assertThat(r.awaitFirst("written").data()).isEqualTo("ok");
        }

        @Test
        void shouldLetTheActorReadWhatAnotherActorSharedWithIt() {
            ActorRef reader = spawn(Tier2Actor.class);
            Recorder r = new Recorder();
            reader.subscribe(r);
            Actor writer = (self, msg, ctx) -> ctx.write(Write.string("blob", "shared text").share(Share.of(reader)));
            supervisor.spawn(writer).receive("go", null);
            assertThat(r.awaitFirst("read").data()).isEqualTo("shared text");
            eventually().until(() -> supervisor.diagnostics().memoryPool().boxesInUse() == 0);
        }
    }
}
