package dev.future.observer;

import dev.future.ActorDiagnostics;
import dev.future.ActorId;
import dev.future.ActorState;
import dev.future.Isolation;
import dev.future.Retry;
import dev.future.Strategy;
import dev.future.Supervisor;
import dev.future.SupervisorDiagnostics;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervisor that only answers {@code diagnostics()} (with fixed records) and {@code terminateActor},
 * so the protocol tests pin exact JSON and never depend on the runtime's timing.
 */
final class FakeSupervisor {
    final Set<ActorId> alive = ConcurrentHashMap.newKeySet();
    final Set<ActorId> killed = ConcurrentHashMap.newKeySet();
    final AtomicInteger diagnosticsCalls = new AtomicInteger();
    final Supervisor supervisor;

    FakeSupervisor() {
        alive.add(new ActorId(1));
        alive.add(new ActorId(2));
        supervisor = (Supervisor) Proxy.newProxyInstance(
                Supervisor.class.getClassLoader(), new Class<?>[] {Supervisor.class}, (proxy, method, args) ->
                        switch (method.getName()) {
                            case "diagnostics" -> {
                                diagnosticsCalls.incrementAndGet();
                                yield diagnostics();
                            }
                            case "terminateActor" -> {
                                ActorId id = (ActorId) args[0];
                                boolean wasAlive = alive.remove(id);
                                if (wasAlive) {
                                    killed.add(id);
                                }
                                yield wasAlive;
                            }
                            case "toString" -> "FakeSupervisor";
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        });
    }

    private SupervisorDiagnostics diagnostics() {
        long now = System.currentTimeMillis();
        ActorDiagnostics parent = new ActorDiagnostics(new ActorId(1), "parent", ActorState.IDLE, Isolation.THREAD,
                2, 1_000, 40, 0, now, 3, Optional.empty(), now - 1_000, 1, "root", Optional.empty(),
                List.of(new ActorId(2)), List.of(), Optional.of("crashed: java.lang.IllegalStateException: boom"),
                false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ActorDiagnostics child = new ActorDiagnostics(new ActorId(2), "child <b>", ActorState.BUSY, Isolation.THREAD,
                1, 900, 2, 0, now, 0, Optional.empty(), now - 900, 0, "root", Optional.of(new ActorId(1)),
                List.of(new ActorId(1)), List.of(), Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        List<ActorDiagnostics> actors = alive.contains(new ActorId(2)) ? List.of(parent, child) : List.of(parent);
        return new SupervisorDiagnostics(actors.size(), 2, 0, 0,
                new SupervisorDiagnostics.MemoryPool(16, 4, 0.25, 65_536, 12, 1, 3, 0, 10, 0),
                actors, 0, 0, 1, 0, Map.of("crashed", 1L), List.of(), List.of(), List.of(),
                List.of(new SupervisorDiagnostics.Crash(new ActorId(1), "parent", 1,
                        "crashed: java.lang.IllegalStateException: boom", now, 1)),
                List.of(new SupervisorDiagnostics.GroupInfo("root", Optional.empty(), Strategy.ONE_FOR_ONE,
                        Retry.unlimited(), false, 1, List.of(new ActorId(1), new ActorId(2)), List.of())),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
