package dev.future;

import java.time.Duration;
import java.util.Objects;

/**
 * A group's restart budget and the backoff between restarts, an immutable value refined by
 * {@link #within} and {@link #maxDelay}.
 *
 * <ul>
 *   <li>{@link #unlimited()} (the default): no budget; exponential backoff from 100 ms capped at 10 s,
 *       so a crash loop never spins hot.</li>
 *   <li>{@link #none()}: a crashed actor is never restarted; its group lives on.</li>
 *   <li>{@link #fixed}, {@link #linear}, {@link #exponential}: at most {@code max} restarts within
 *       the window (default 60 s); the restart that would exceed it is not made, the budget is spent,
 *       the group stops its members and escalates.</li>
 * </ul>
 * Backoff before the n-th restart within the window: fixed {@code base}; linear {@code base * n};
 * exponential {@code base * 2^(n-1)}; never more than {@code maxDelay}.
 *
 * @param backoff the backoff shape, or {@link Backoff#NEVER} for {@link #none()}
 * @param max restarts allowed within the window ({@link Integer#MAX_VALUE}: unlimited)
 * @param baseDelay the base of the backoff
 * @param window the restart-intensity window
 * @param maxDelay the cap on any one backoff
 */
public record Retry(Backoff backoff, int max, Duration baseDelay, Duration window, Duration maxDelay) {

    /** The shape of the backoff between restarts. */
    public enum Backoff { NEVER, FIXED, LINEAR, EXPONENTIAL }

    private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    private static final Duration DEFAULT_BASE = Duration.ofMillis(100);
    private static final Duration NO_CAP = Duration.ofDays(1);

    public Retry {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (max < 0) {
            throw new IllegalArgumentException("retry max must be >= 0: max=" + max);
        }
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("retry delay must not be negative: delay=" + baseDelay);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("retry window must be positive: within=" + window);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry maxDelay must not be negative: maxDelay=" + maxDelay);
        }
    }

    /** No budget; exponential backoff from 100 ms capped at 10 s (the default). */
    public static Retry unlimited() {
        return new Retry(Backoff.EXPONENTIAL, Integer.MAX_VALUE, DEFAULT_BASE, DEFAULT_WINDOW, Duration.ofSeconds(10));
    }

    /** Never restart; the group lives on. */
    public static Retry none() {
        return new Retry(Backoff.NEVER, 0, Duration.ZERO, DEFAULT_WINDOW, Duration.ZERO);
    }

    /** At most {@code max} restarts within the window, {@code delay} apart. */
    public static Retry fixed(int max, Duration delay) {
        return new Retry(Backoff.FIXED, max, Objects.requireNonNull(delay, "delay"), DEFAULT_WINDOW, NO_CAP);
    }

    /** At most {@code max} restarts within the window, the n-th after {@code delay * n}. */
    public static Retry linear(int max, Duration delay) {
        return new Retry(Backoff.LINEAR, max, Objects.requireNonNull(delay, "delay"), DEFAULT_WINDOW, NO_CAP);
    }

    /** At most {@code max} restarts within the window, the n-th after {@code 100 ms * 2^(n-1)}. */
    public static Retry exponential(int max) {
        return exponential(max, DEFAULT_BASE);
    }

    /** At most {@code max} restarts within the window, the n-th after {@code base * 2^(n-1)}. */
    public static Retry exponential(int max, Duration base) {
        return new Retry(Backoff.EXPONENTIAL, max, Objects.requireNonNull(base, "base"), DEFAULT_WINDOW, NO_CAP);
    }

    /** A copy counting restarts within {@code window} (restart intensity). */
    public Retry within(Duration window) {
        return new Retry(backoff, max, baseDelay, Objects.requireNonNull(window, "window"), maxDelay);
    }

    /** A copy whose backoff never exceeds {@code cap}. */
    public Retry maxDelay(Duration cap) {
        return new Retry(backoff, max, baseDelay, window, Objects.requireNonNull(cap, "cap"));
    }

    /** Whether this retry ever restarts. */
    public boolean restarts() {
        return backoff != Backoff.NEVER;
    }

    /** Whether this retry has no budget. */
    public boolean isUnlimited() {
        return max == Integer.MAX_VALUE;
    }

    /** The backoff before the {@code n}-th restart within the window (n >= 1). */
    public Duration delayBefore(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("restart number must be >= 1: n=" + n);
        }
        Duration d = switch (backoff) {
            case NEVER -> Duration.ZERO;
            case FIXED -> baseDelay;
            case LINEAR -> baseDelay.multipliedBy(n);
            case EXPONENTIAL -> n > 40 ? maxDelay : baseDelay.multipliedBy(1L << (n - 1));
        };
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
