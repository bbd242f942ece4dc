package dev.future.internal.runtime;

import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Message;
import dev.future.Reader;
import dev.future.Result;
import dev.future.Share;
import dev.future.SupervisorDiagnostics;
import dev.future.SupervisorConfig;
import dev.future.Write;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.function.Consumer;

/** The runtime's side of tier 2: routes writes, deliveries and reads to the box pool. */
final class Tier2 {

    private final SupervisorImpl sup;
    private final SupervisorConfig config;

    Tier2(SupervisorImpl sup, SupervisorConfig config) {
        this.sup = sup;
        this.config = config;
    }

    Result<Handle> write(Incarnation writer, Write write) {
        return Result.err("tier 2 is not wired into this build yet (" + sup + ", " + writer + ", " + write.msg() + ")");
    }

    Result<Handle> writeInPlace(Incarnation writer, String msg, FmtType type, Share share, long size,
            Consumer<MemorySegment> fill) {
        return Result.err("tier 2 is not wired into this build yet (" + msg + ")");
    }

    Optional<Reader> read(long holder, ActorCell reader, Message message) {
        return Optional.empty();
    }

    void release(long holder, Handle handle) {}

    void deliveryDone(long holder, Handle handle) {}

    void holderEnded(long holder) {}

    void holderEnded(ActorCell cell) {}

    void heartbeat(ActorCell cell) {}

    boolean authorizeResend(Incarnation sender, ActorCell target, Message m) {
        return true;
    }

    long denied() {
        return 0;
    }

    SupervisorDiagnostics.MemoryPool stats() {
        return new SupervisorDiagnostics.MemoryPool(config.poolSize(), 0, 0.0, config.boxSize(), config.poolSize(), 0,
                0, 0, 0, 0);
    }

    void close() {}
}
