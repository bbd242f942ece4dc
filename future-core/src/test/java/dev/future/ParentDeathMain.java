package dev.future;

import java.util.stream.Collectors;

/**
 * A JVM that starts a supervisor with a PROCESS actor (and a warm spare), prints its worker pids as
 * {@code WORKERS <pid> <pid>...}, and waits to be killed: {@link ProcessTest} SIGKILLs it and checks
 * that its workers end by themselves.
 */
public final class ParentDeathMain {

    private ParentDeathMain() {}

    public static void main(String[] args) throws Exception {
        Supervisor s = Supervisor.create(SupervisorConfig.builder().processPool(1).build());
        s.spawn(IsolationContract.Echo.class, SpawnOptions.builder().isolation(Isolation.PROCESS).build());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ProcessHandle.current().children().count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println("WORKERS " + ProcessHandle.current().children().map(h -> Long.toString(h.pid()))
                .collect(Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(600_000);
    }
}
