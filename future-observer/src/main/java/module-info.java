/**
 * The Future observer: a live web view of one supervisor (its supervision tree, actors, pool,
 * runaways, crashes and throughput), like Erlang's observer. The API is the package
 * {@code dev.future.observer}; see {@link dev.future.observer.Observer}.
 */
module dev.future.observer {
    exports dev.future.observer;

    requires transitive dev.future;
    requires jdk.httpserver;
    requires tools.jackson.core;
    requires tools.jackson.databind;
}
