package dev.future;

/**
 * The data of an {@code "ESCALATED"} message on {@link Supervisor#subscribe}: a top-level group (or
 * the root group) spent its restart budget, stopped its members and stays down.
 *
 * @param groupId the group that gave up
 * @param reason the crash that spent the budget
 */
public record Escalated(String groupId, String reason) {}
