package dev.future;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may read a tier-2 box besides the main-thread subscribers of its writer and of the
 * supervisor (who always receive the handle).
 *
 * <ul>
 *   <li>{@link #OWNER} (the default): nobody else;</li>
 *   <li>{@link #GROUP}: every other live actor of the writer's own group (a child counts as a member
 *       of its parent's group);</li>
 *   <li>{@link #LINKED}: actors linked to the writer or monitoring it;</li>
 *   <li>{@link #of(ActorRef...)}, {@link #of(ActorId...)}: exactly those actors.</li>
 * </ul>
 */
public final class Share {

    /** The kinds of share. */
    public enum Kind { OWNER, GROUP, LINKED, ACTORS }

    /** Main-thread subscribers only. */
    public static final Share OWNER = new Share(Kind.OWNER, Set.of());
    /** Also every other live actor of the writer's group. */
    public static final Share GROUP = new Share(Kind.GROUP, Set.of());
    /** Also actors linked to the writer or monitoring it. */
    public static final Share LINKED = new Share(Kind.LINKED, Set.of());

    private final Kind kind;
    private final Set<ActorId> actors;

    private Share(Kind kind, Set<ActorId> actors) {
        this.kind = kind;
        this.actors = actors;
    }

    /** Also exactly these actors. */
    public static Share of(ActorRef... refs) {
        Objects.requireNonNull(refs, "refs");
        return new Share(Kind.ACTORS, Set.copyOf(new LinkedHashSet<>(Arrays.stream(refs)
                .map(r -> Objects.requireNonNull(r, "refs contains null").id()).toList())));
    }

    /** Also exactly these actors. */
    public static Share of(ActorId... ids) {
        Objects.requireNonNull(ids, "ids");
        for (ActorId id : ids) {
            Objects.requireNonNull(id, "ids contains null");
        }
        return new Share(Kind.ACTORS, Set.copyOf(Arrays.asList(ids)));
    }

    /** The kind of this share. */
    public Kind kind() {
        return kind;
    }

    /** The actors named by {@link #of}; empty for the other kinds. */
    public Set<ActorId> actors() {
        return actors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Share s && s.kind == kind && s.actors.equals(actors);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + actors.hashCode();
    }

    @Override
    public String toString() {
        return kind == Kind.ACTORS ? "Share.of" + actors : "Share." + kind;
    }
}
