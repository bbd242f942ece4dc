/**
 * Future: killable, supervised actors and tasks for the JVM, inspired by Erlang/OTP.
 *
 * <h2>Actors</h2>
 * An {@link dev.future.Actor} handles one {@link dev.future.Message} at a time, in arrival order
 * per sender, with an {@link dev.future.ActorSelf} (its id, {@code send} to its subscribers) and an
 * {@link dev.future.ActorContext} (children, links, monitors, tier-2 writes and reads, resources,
 * heartbeats, Erlang-style {@code receive}). {@link dev.future.Supervisor#spawn} returns an
 * {@link dev.future.ActorRef} that stays valid across restarts.
 * {@snippet :
 * try (Supervisor supervisor = Supervisor.create()) {
 *     ActorRef echo = supervisor.spawn((self, msg, ctx) -> self.send("echo", msg.data()));
 *     echo.subscribe(m -> System.out.println(m.msg() + " " + m.data()));
 *     echo.receive("hello", 42);
 * }
 * }
 *
 * <h2>Killing</h2>
 * {@link dev.future.ActorRef#terminate()} interrupts a THREAD actor's handler; one that will not end
 * within the kill grace is declared dead and fenced (a <em>runaway</em>, with its stack kept). A
 * handler busy past its hang timeout without a heartbeat is killed by the watchdog. A PROCESS actor
 * ({@link dev.future.Isolation#PROCESS}) runs in a worker JVM and is killed with SIGKILL.
 *
 * <h2>Supervision</h2>
 * Every actor belongs to a {@link dev.future.Group} (the supervisor is the root group) with a
 * {@link dev.future.Strategy} and a {@link dev.future.Retry} budget; {@link dev.future.Restart}
 * says which ends restart; links and monitors propagate deaths ({@code "EXIT"}, {@code "DOWN"}).
 *
 * <h2>Tier 2</h2>
 * {@link dev.future.ActorContext#write(dev.future.Write)} puts a payload in an immutable box of the
 * shared off-heap pool and delivers its {@link dev.future.Handle} to the readers its
 * {@link dev.future.Share} names; a {@link dev.future.Reader} reads it in place.
 *
 * <h2>Tasks, resources, diagnostics</h2>
 * {@link dev.future.Task}s are killable units of work combined by {@link dev.future.Tasks};
 * resources registered on the {@link dev.future.SupervisorConfig} are reached through validating
 * proxies ({@link dev.future.ActorContext#resource}); {@link dev.future.Supervisor#diagnostics()}
 * returns records, with tracked metrics chosen by {@link dev.future.DiagnosticsConfig}.
 */
package dev.future;
