package dev.future;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of an operation that can fail as part of normal operation (a write when the pool is
 * full, a task that timed out): {@link Ok} with a value, or {@link Err} with a message naming what
 * went wrong. Usable in {@code switch} patterns.
 *
 * {@snippet :
 * switch (ctx.write(Write.json("result", value))) {
 *     case Result.Ok<Handle>(Handle h) -> log("written to box " + h.box());
 *     case Result.Err<Handle>(String why) -> log("not written: " + why);
 * }
 * }
 */
public sealed interface Result<T> permits Result.Ok, Result.Err {

    /** A success. */
    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    /** A failure, with a message naming what went wrong. */
    static <T> Result<T> err(String error) {
        return new Err<>(error);
    }

    /** Whether this is an {@link Ok}. */
    boolean isOk();

    /** Whether this is an {@link Err}. */
    default boolean isErr() {
        return !isOk();
    }

    /**
     * The value of an {@link Ok}.
     *
     * @throws NoSuchElementException on an {@link Err}, with its message
     */
    T value();

    /**
     * The message of an {@link Err}.
     *
     * @throws NoSuchElementException on an {@link Ok}
     */
    String error();

    /** Applies {@code f} to an Ok's value; an Err passes through. */
    <U> Result<U> map(Function<? super T, ? extends U> f);

    /** Chains an operation that may fail; an Err passes through. */
    <U> Result<U> andThen(Function<? super T, Result<U>> f);

    /** The value of an Ok, else {@code fallback}. */
    T orElse(T fallback);

    /** A success carrying {@code value} (which may be null). */
    record Ok<T>(T value) implements Result<T> {
        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public String error() {
            throw new NoSuchElementException("error() called on Ok(" + value + ")");
        }

        @Override
        public <U> Result<U> map(Function<? super T, ? extends U> f) {
            return new Ok<>(f.apply(value));
        }

        @Override
        public <U> Result<U> andThen(Function<? super T, Result<U>> f) {
            return Objects.requireNonNull(f.apply(value), "andThen function returned null");
        }

        @Override
        public T orElse(T fallback) {
            return value;
        }
    }

    /** A failure; {@code error} names what went wrong. */
    record Err<T>(String error) implements Result<T> {
        public Err {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new NoSuchElementException("value() called on Err: " + error);
        }

        @Override
        public <U> Result<U> map(Function<? super T, ? extends U> f) {
            return new Err<>(error);
        }

        @Override
        public <U> Result<U> andThen(Function<? super T, Result<U>> f) {
            return new Err<>(error);
        }

        @Override
        public T orElse(T fallback) {
            return fallback;
        }
    }
}
