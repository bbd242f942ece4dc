package dev.future.internal.runtime;

import dev.future.Supervisor;
import dev.future.SupervisorConfig;

/** Placeholder while the runtime is written (next commit). */
public final class SupervisorImpl {
    private SupervisorImpl() {}

    public static Supervisor create(SupervisorConfig config) {
        throw new IllegalStateException("the runtime is not in this commit yet: " + config);
    }
}
