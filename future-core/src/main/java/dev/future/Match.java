package dev.future;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Dispatch on {@link Message#msg()}, with a default branch: the Java form of the original's
 * {@code matchAll(msg, { key: fn, _: fn })}.
 *
 * {@snippet :
 * Match.on(msg)
 *      .when("progress", m -> System.out.println("progress " + m.data()))
 *      .when("result", m -> handleResult(m))
 *      .otherwise(m -> {});
 *
 * actor.subscribe(Match.<Message>handler()
 *      .when("done", m -> System.out.println("done"))
 *      .otherwise(m -> {}));
 * }
 *
 * A plain {@code switch (msg.msg())} works just as well.
 */
public final class Match {

    private Match() {}

    /** Starts a dispatch over {@code message} that runs when {@link On#otherwise} is called. */
    public static On on(Message message) {
        return new On(Objects.requireNonNull(message, "message"));
    }

    /** Starts building a reusable handler, for {@code subscribe} for example. */
    public static <T extends Message> Handler<T> handler() {
        return new Handler<>();
    }

    /** A dispatch over one message; the first matching branch runs. */
    public static final class On {
        private final Message message;
        private Consumer<Message> chosen;

        private On(Message message) {
            this.message = message;
        }

        /** The branch for messages whose key is {@code key}. */
        public On when(String key, Consumer<Message> branch) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(branch, "branch");
            if (chosen == null && key.equals(message.msg())) {
                chosen = branch;
            }
            return this;
        }

        /** The default branch; runs the chosen branch (or this one) now. */
        public void otherwise(Consumer<Message> fallback) {
            Objects.requireNonNull(fallback, "fallback");
            (chosen != null ? chosen : fallback).accept(message);
        }
    }

    /** A reusable dispatcher, built once and applied to many messages. */
    public static final class Handler<T extends Message> {
        private final List<String> keys = new ArrayList<>();
        private final List<Consumer<? super T>> branches = new ArrayList<>();

        private Handler() {}

        /** The branch for messages whose key is {@code key}; the first matching branch wins. */
        public Handler<T> when(String key, Consumer<? super T> branch) {
            keys.add(Objects.requireNonNull(key, "key"));
            branches.add(Objects.requireNonNull(branch, "branch"));
            return this;
        }

        /** The default branch; returns the finished dispatcher. */
        public Consumer<T> otherwise(Consumer<? super T> fallback) {
            Objects.requireNonNull(fallback, "fallback");
            List<String> k = List.copyOf(keys);
            List<Consumer<? super T>> b = List.copyOf(branches);
            return message -> {
                String key = message.msg();
                for (int i = 0; i < k.size(); i++) {
                    if (k.get(i).equals(key)) {
                        b.get(i).accept(message);
                        return;
                    }
                }
                fallback.accept(message);
            };
        }
    }
}
