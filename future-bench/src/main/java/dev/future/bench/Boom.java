package dev.future.bench;

import java.io.Serial;

/**
 * The crash the restart scenario throws: one preallocated instance without a stack trace, so both
 * sides are timed on their restart machinery rather than on the JVM filling in a stack trace.
 */
final class Boom extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    static final Boom INSTANCE = new Boom();

    private Boom() {
        super("boom (benchmark crash)", null, false, false);
    }
}
