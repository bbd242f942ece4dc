package dev.future;

import java.util.List;

/**
 * A resource call failed: an argument or the result broke a constraint, the resource is unknown or
 * not allowed, the call timed out. An ordinary unchecked exception: an actor that does not catch
 * it crashes and is supervised.
 */
public class ResourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An immutable list ({@code List.copyOf}), serializable in practice. */
    @SuppressWarnings("serial")
    private final List<String> violations;

    public ResourceException(String message) {
        this(message, List.of(), null);
    }

    public ResourceException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    public ResourceException(String message, List<String> violations) {
        this(message, violations, null);
    }

    public ResourceException(String message, List<String> violations, Throwable cause) {
        super(message, cause);
        this.violations = List.copyOf(violations);
    }

    /** Each violation as {@code "path: message"}; empty when the failure is not a validation one. */
    public List<String> violations() {
        return violations;
    }
}
