package dev.future;

/**
 * The data of an {@code "EXIT"} message: an actor ended (a linked one, for an actor that traps
 * exits; any of them, for subscribers).
 *
 * @param id the actor that ended
 * @param reason why it ended
 */
public record Exit(ActorId id, String reason) {}
