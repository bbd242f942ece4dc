/**
 * A live web view of a supervisor, like Erlang's {@code observer}.
 *
 * {@snippet :
 * try (Supervisor supervisor = Supervisor.create();
 *      Observer observer = Observer.start(supervisor)) {
 *     // prints: Future observer at http://127.0.0.1:43117/ (token 3f9c...)
 * }
 * }
 *
 * <p>{@link dev.future.observer.Observer} serves one self-contained page, a JSON snapshot and a
 * Server-Sent-Events stream of snapshots from the JDK's own HTTP server on virtual threads, and kills
 * actors on request for whoever holds its token. Its class documentation states what it serves, which
 * threads do the work, and the threat model. {@link dev.future.observer.ObserverOptions} says where it
 * listens and how often it samples. Everything else in this package is implementation.
 */
package dev.future.observer;
