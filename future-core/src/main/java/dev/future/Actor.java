package dev.future;

/**
 * The behaviour of an actor: called once per message, one message at a time, in arrival order per
 * sender.
 *
 * <p>An exception escaping {@code handle} crashes the actor (reason {@code "crashed: <exception>"});
 * its group's strategy decides what happens next. The exception never reaches whoever sent the
 * message. Write the happy path and let it crash.
 *
 * {@snippet :
 * ActorRef echo = supervisor.spawn((self, msg, ctx) -> self.send("echo", msg.data()));
 * }
 *
 * <p>An actor given as a lambda is called again with fresh state after a restart, so keep state in
 * the class form ({@link Supervisor#spawn(Class, SpawnOptions)}): every incarnation constructs a
 * fresh instance.
 */
@FunctionalInterface
public interface Actor {

    /**
     * Handles one message.
     *
     * @param self the actor itself: its id and {@link ActorSelf#send} to its subscribers
     * @param msg the message
     * @param ctx what the actor may do: spawn children, link, monitor, write and read tier-2 boxes,
     *     call resources, heartbeat, wait for a message
     * @throws Exception anything; it crashes the actor
     */
    void handle(ActorSelf self, Message msg, ActorContext ctx) throws Exception;
}
