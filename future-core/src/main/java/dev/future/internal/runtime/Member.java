package dev.future.internal.runtime;

/**
 * An entry of a group's member list: an actor or a nested group. The list is intrusive (prev/next
 * here) so members leave in O(1) and the start order is the list order. Guarded by the owning
 * group's monitor.
 */
abstract sealed class Member permits ActorCell, GroupImpl {
    Member prev;
    Member next;
    /** The group this member belongs to; null for the root group. */
    final GroupImpl owner;

    Member(GroupImpl owner) {
        this.owner = owner;
    }
}
