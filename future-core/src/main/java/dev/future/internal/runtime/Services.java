package dev.future.internal.runtime;

import dev.future.Actor;
import dev.future.internal.process.WorkerPool;
import dev.future.Fmt;
import dev.future.internal.codec.FmtImpl;
import dev.future.internal.resource.ResourceCaller;
import dev.future.internal.resource.ResourceRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.future.SpawnOptions;
import dev.future.SupervisorConfig;
import dev.future.Task;
import dev.future.TaskBody;
import dev.future.TaskOptions;
import java.util.concurrent.Callable;

/** What the supervisor offers beyond actors: tier 2, codecs, resources, tasks, worker processes. */
final class Services {

    private final SupervisorImpl sup;
    private final SupervisorConfig config;
    private final Tier2 tier2;
    private final FmtImpl fmt;
    private final ResourceRegistry resources;
    /** Made at the first PROCESS spawn (double-checked under this), closed by {@link #close()}. */
    private volatile WorkerPool workers;

    private Services(SupervisorImpl sup, SupervisorConfig config) {
        this.sup = sup;
        this.config = config;
        this.fmt = new FmtImpl(config.codecs(), config.defaultFormat());
        this.resources = new ResourceRegistry(config.resources(), config.resourceTimeout());
        this.tier2 = new Tier2(sup, config, fmt, sup.timer());
    }

    FmtImpl fmtImpl() {
        return fmt;
    }

    ResourceRegistry resources() {
        return resources;
    }

    static Services create(SupervisorImpl sup, SupervisorConfig config) {
        return new Services(sup, config);
    }

    Tier2 tier2() {
        return tier2;
    }

    /**
     * The factory of a PROCESS actor: the class form only (a lambda cannot leave this JVM). The first
     * call makes the worker pool, so a supervisor that never uses PROCESS starts no JVM.
     */
    ActorFactory processFactory(ActorFactory factory, SpawnOptions options) {
        Class<? extends Actor> type = factory.actorClass();
        if (type == null) {
            throw new IllegalArgumentException("Isolation.PROCESS needs the class form of spawn, "
                    + "spawn(ActorClass.class, options): a lambda or instance cannot run in a worker JVM");
        }
        workerPool();
        return new ActorFactory.Process(type, options, this);
    }

    /** The worker pool, made at the first PROCESS spawn. */
    WorkerPool workerPool() {
        WorkerPool p = workers;
        if (p == null) {
            synchronized (this) {
                p = workers;
                if (p == null) {
                    if (sup.isShutDown()) {
                        throw new IllegalStateException("the supervisor is shut down: spawn is refused");
                    }
                    try {
                        p = WorkerPool.create(config.processPool());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("cannot prepare worker JVMs for PROCESS actors: " + e, e);
                    }
                    workers = p;
                }
            }
        }
        return p;
    }

    SupervisorImpl sup() {
        return sup;
    }

    /**
     * The validating proxy of {@code api} for {@code inc}, wrapped so the time the actor waits on a
     * call is not taken for a hang by the watchdog (the call has its own timeout).
     */
    <R> R resource(Class<R> api, Incarnation inc) {
        ActorCell cell = inc.cell;
        R proxy = resources.proxy(api, new ResourceCaller() {
            @Override
            public String describe() {
                return cell.label();
            }

            @Override
            public Optional<Set<Class<?>>> allowed() {
                return cell.options.resources();
            }

            @Override
            public void onCall() {
                inc.heartbeatProgress();
            }
        });
        InvocationHandler waiting = (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(proxy, args);
            }
            inc.setWaiting(true);
            try {
                return method.invoke(proxy, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                inc.setWaiting(false);
                inc.heartbeatProgress();
            }
        };
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, waiting));
    }

    Fmt fmt() {
        return fmt;
    }

    List<dev.future.SupervisorDiagnostics.ResourceCalls> resourceCalls() {
        return resources.stats().values().stream().map(r -> new dev.future.SupervisorDiagnostics.ResourceCalls(
                r.resource(), r.calls(), r.failures(), r.p50Micros(), r.p99Micros(), r.maxMicros())).toList();
    }

    <T> Task<T> task(Callable<T> work, TaskOptions options) {
        if (options.isolation() == dev.future.Isolation.PROCESS) {
            throw new IllegalArgumentException("a PROCESS task needs the class form: task(TaskBody class, input, options)");
        }
        return ActorTask.start(sup, work, options);
    }

    <I, T> Task<T> task(Class<? extends TaskBody<I, T>> body, I input, TaskOptions options) {
        java.lang.reflect.Constructor<? extends TaskBody<I, T>> ctor;
        try {
            ctor = body.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("a task body class must have a public no-arg constructor: body="
                    + body.getName(), e);
        }
        if (options.isolation() == dev.future.Isolation.PROCESS) {
            return ProcessTask.start(sup, body, input, options);
        }
        return ActorTask.start(sup, ctx -> ctor.newInstance().run(input, ctx), options);
    }

    void onIncarnationEnded(ActorCell cell) {}

    void onActorDead(ActorCell cell) {}

    /** After every actor has stopped: the resources' release hooks (reverse order, isolated), then the pool. */
    void close() {
        try {
            List<String> failures = resources.releaseAll();
            if (!failures.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(Services.class).warn("release hooks failed: {}", failures);
            }
        } finally {
            try {
                WorkerPool p = workers;
                if (p != null) {
                    p.close(); // every worker still alive (spares included) is killed
                }
            } finally {
                tier2.close();
            }
        }
    }
}
