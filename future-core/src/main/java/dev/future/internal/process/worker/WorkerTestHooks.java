package dev.future.internal.process.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Test hooks for code running in a worker JVM: write raw bytes to the control socket (to prove a
 * malformed frame kills only that worker) and find the shared pool's file (to prove it cannot be
 * shrunk). Not API (the package is not exported), and no wider than the trust boundary: a worker is
 * untrusted as a whole, and any code in it could reach its own socket and mappings anyway.
 */
public final class WorkerTestHooks {

    private WorkerTestHooks() {}

    /** Writes {@code bytes} as they are to the control socket (in the worker JVM only). */
    public static void writeRaw(byte[] bytes) throws IOException {
        WorkerRunner r = WorkerRunner.current();
        if (r == null) {
            throw new IllegalStateException("not in a worker JVM");
        }
        r.writeRaw(ByteBuffer.wrap(bytes));
    }

    /** The path this worker mapped the shared pool from, or null. */
    public static Path poolPath() {
        WorkerRunner r = WorkerRunner.current();
        return r == null ? null : r.poolPath;
    }
}
