package dev.future;

import java.util.List;

/**
 * A supervision group: members (actors and nested groups) in start order, a strategy, and a
 * restart budget. A nested group that spends its budget stops its members and is restarted by its
 * parent as one child; a top-level group stops its members, stays down, and the supervisor
 * publishes {@code "ESCALATED"}.
 */
public interface Group {

    /** The group's id, such as {@code "group-2"}; the root group is {@code "root"}. */
    String id();

    /** Spawns a member. */
    ActorRef spawn(Actor actor);

    /** Spawns a member with options. */
    ActorRef spawn(Actor actor, SpawnOptions options);

    /** Spawns a member from a class (a fresh instance per incarnation). */
    ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options);

    /** Creates a nested group. */
    Group createGroup(GroupConfig config);

    /** Stops every member (an intentional stop: nothing restarts); the group stays usable. */
    void terminateAll();

    /** The live actor members, in start order (nested groups' members are not included). */
    List<ActorRef> members();
}
