package dev.future;

/**
 * The data of a {@code "DOWN"} message: a monitored actor died and stays dead.
 *
 * @param id the actor that died
 * @param reason why: {@code "terminated"}, {@code "crashed: ..."}, {@code "noproc"} and so on
 */
public record Down(ActorId id, String reason) {}
