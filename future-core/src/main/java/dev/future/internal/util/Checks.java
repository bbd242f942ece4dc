package dev.future.internal.util;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the field and the value. */
public final class Checks {

    private Checks() {}

    /** A duration that is strictly positive. */
    public static Duration positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + field + "=" + d);
        }
        return d;
    }

    /** A duration that is zero or positive. */
    public static Duration notNegative(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative: " + field + "=" + d);
        }
        return d;
    }

    /** An int at least {@code min}. */
    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ": " + field + "=" + value);
        }
        return value;
    }
}
