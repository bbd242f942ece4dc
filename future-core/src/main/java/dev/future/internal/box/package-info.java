/**
 * Tier 2: the box pool. Payloads too big for a mailbox are written once into a box of shared memory
 * and handed around as a {@link dev.future.Handle}; readers get read-only, zero-copy views.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.future.internal.box.SharedRegion}: the bytes. A sealed memfd (else a file under
 *       {@code /dev/shm}, else a temp file) mapped through FFM in a shared arena, so a worker JVM can map
 *       the same boxes. Its doc comment draws the layout.</li>
 *   <li>{@link dev.future.internal.box.BoxPool}: everything else, on the heap, under one lock: box states
 *       and epochs, exact lengths, the FIFO write queue, references per holder, authorization, leases on
 *       a real timer, counters and bounded histograms.</li>
 *   <li>{@link dev.future.internal.box.Grant}: a writer's exclusive, writable slice until it commits or
 *       aborts. {@link dev.future.internal.box.BoxReader}: a reader's reference and its views.</li>
 * </ul>
 *
 * <h2>How the runtime drives it</h2>
 * {@snippet :
 * Result<Grant> granted = pool.acquire(actorId, size, lease, writeTimeout);  // may wait, FIFO
 * Grant g = granted.value();
 * try {
 *     fill.accept(g.segment());                                        // outside any lock
 * } catch (Throwable t) {
 *     pool.abort(g);                                                   // always finish a grant
 *     throw t;
 * }
 * Result<Handle> h = pool.commit(g, msg, type, deliveryKeys, this::isAlive);
 * // each delivery key gets one Message with the handle; after its handler or callback returns:
 * pool.deliveryDone(key, handle);
 * // ctx.read / actor.read / supervisor.read:    pool.read(key, handle, codecs, lease)
 * // ctx.release / reader.close():               pool.release(key, handle) / reader.close()
 * // ctx.heartbeat():                            pool.heartbeat(actorId, lease)
 * // an actor ended (any reason):                pool.holderEnded(actorId)
 * // LeaseListener.onWriterLeaseExpired:         kill the writer with "lease_expired"
 * }
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>Committed data outlives its writer (gap G24): only references and leases free a READY box.</li>
 *   <li>References are per holder (gap G13, B34): a holder gives back only what it holds; a commit skips
 *       delivery keys that are no longer alive, tested under the pool's lock.</li>
 *   <li>A writer that ends inside its fill leaves its box reclaiming until the grant is finished: a box is
 *       never handed to a new writer while an old thread may still write into it.</li>
 *   <li>Views are not revoked when a reference goes (a per-view shared arena would cost a ~60 us
 *       thread handshake on every close); the copying accessors detect a reference lost mid-copy.</li>
 * </ul>
 */
package dev.future.internal.box;
