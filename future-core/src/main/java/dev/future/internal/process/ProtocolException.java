package dev.future.internal.process;

/**
 * A frame from a worker broke the protocol: too large, an unknown or misplaced type tag, CBOR that
 * does not decode to the frame's record, or a field out of range. The worker that sent it is killed
 * (reason {@code protocol_error}); the supervisor goes on.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
