package dev.future.internal.runtime;

import dev.future.Actor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;

/** Makes the behaviour of each incarnation: the same lambda again, or a fresh instance of a class. */
sealed interface ActorFactory {

    /** The behaviour for a new incarnation; throws what the constructor threw. */
    Actor create() throws Exception;

    /** The class to run in a worker JVM, when there is one. */
    default Class<? extends Actor> actorClass() {
        return null;
    }

    static ActorFactory of(Actor actor) {
        return new Same(Objects.requireNonNull(actor, "actor"));
    }

    static ActorFactory of(Class<? extends Actor> type) {
        Objects.requireNonNull(type, "actorClass");
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new IllegalArgumentException("an actor class must be a public, concrete class with a public no-arg "
                    + "constructor: actorClass=" + type.getName());
        }
        try {
            var ctor = type.getConstructor();
            return new OfClass(type, ctor);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("an actor class must have a public no-arg constructor: actorClass="
                    + type.getName(), e);
        }
    }

    /**
     * A PROCESS actor's class: every incarnation gets a fresh worker JVM that constructs an instance
     * ({@link ProcessBehaviour}).
     */
    record Process(Class<? extends Actor> type, dev.future.SpawnOptions options, Services services)
            implements ActorFactory {
        @Override
        public Actor create() throws Exception {
            return ProcessBehaviour.create(services, type, options);
        }

        @Override
        public Class<? extends Actor> actorClass() {
            return type;
        }
    }

    /** A lambda or instance: "called again with fresh state" on restart. */
    record Same(Actor actor) implements ActorFactory {
        @Override
        public Actor create() {
            return actor;
        }
    }

    /** A class: every incarnation constructs a fresh instance. */
    record OfClass(Class<? extends Actor> type, java.lang.reflect.Constructor<? extends Actor> ctor)
            implements ActorFactory {
        @Override
        public Actor create() throws Exception {
            try {
                return ctor.newInstance();
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("actor class " + type.getName() + " is not accessible to module "
                        + "dev.future (export or open its package): " + e.getMessage(), e);
            }
        }

        @Override
        public Class<? extends Actor> actorClass() {
            return type;
        }
    }
}
