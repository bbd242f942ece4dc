package dev.future.internal.resource;

import dev.future.ResourceException;
import dev.future.SupervisorConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ValidationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's resources: main-thread services that actors reach only through validating proxies.
 *
 * <h2>Implementation overview</h2>
 * A call through a proxy ({@link ResourceProxy}, on the caller's thread):
 * <ol>
 *   <li>{@link ResourceCaller#onCall()} (a heartbeat), then refuse the call if {@link #releaseAll()} ran;</li>
 *   <li>validate the arguments with Jakarta Validation (constraints on the interface's parameters, and
 *       through {@code @Valid} on the record components they hold); on a violation the implementation is
 *       not called;</li>
 *   <li>run the implementation on a fresh virtual thread and wait up to the call timeout. On timeout the
 *       thread is interrupted (cancelled). If the <em>caller</em> is interrupted while waiting (its actor
 *       was killed), the implementation's thread is interrupted too and the caller's flag restored;</li>
 *   <li>validate the return value; on a violation the result is not returned.</li>
 * </ol>
 * Every failure leaves as a {@link ResourceException} naming {@code Api.method}; validation failures list
 * each violation as {@code "method.param.path: message"}. Fatal errors ({@link VirtualMachineError},
 * {@link LinkageError}) thrown by an implementation pass through unwrapped.
 *
 * <p>Why a fresh virtual thread per call: the caller (an actor) must stay killable while a resource
 * blocks, and a call that hangs must not hold the caller past the timeout. Virtual threads make the
 * extra thread cost about a microsecond; an interrupted implementation that ignores interrupts keeps
 * running on its own thread, but its late result is dropped and nobody waits for it.
 *
 * <h2>Threads</h2>
 * Immutable after construction except: per-resource statistics (written by every calling thread with
 * {@code LongAdder}/{@code AtomicLongArray}, read by {@link #stats()}), and {@code released} (set once by
 * the thread that runs {@link #releaseAll()}, read by callers).
 *
 * <h2>Shutdown</h2>
 * {@link #releaseAll()} runs each release hook once, newest registration first, each isolated and
 * bounded by the call timeout; afterwards every proxy call is refused.
 */
public final class ResourceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceRegistry.class);

    /** By api, in registration order; read-only after construction. */
    private final Map<Class<?>, RegisteredResource> resources;
    private final Duration callTimeout;
    private final long callTimeoutNanos;
    /** Set once by releaseAll, read by every call. */
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * @param resources the registered resources, in registration order
     * @param callTimeout how long one call (or one release hook) may take
     * @throws IllegalArgumentException when an implementation declares constraints that Jakarta Validation
     *         refuses (an overriding method may not add parameter constraints), naming the resource
     */
    public ResourceRegistry(List<SupervisorConfig.Resource<?>> resources, Duration callTimeout) {
        Objects.requireNonNull(resources, "resources");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: callTimeout=" + callTimeout);
        }
        this.callTimeoutNanos = callTimeout.toNanos();
        Map<Class<?>, RegisteredResource> byApi = new LinkedHashMap<>();
        for (SupervisorConfig.Resource<?> resource : resources) {
            Objects.requireNonNull(resource, "resource");
            if (byApi.containsKey(resource.api())) {
                throw new IllegalArgumentException("resource " + resource.api().getName() + " is registered twice");
            }
            checkConstraintDeclarations(resource);
            byApi.put(resource.api(), new RegisteredResource(resource));
        }
        this.resources = Collections.unmodifiableMap(byApi);
    }

    /** Builds the implementation's validation metadata now, so a bad declaration fails at startup, not mid-call. */
    private static void checkConstraintDeclarations(SupervisorConfig.Resource<?> resource) {
        try {
            Validators.validator().getConstraintsForClass(resource.implementation().getClass());
        } catch (ValidationException e) {
            throw new IllegalArgumentException("resource " + resource.api().getName() + " has invalid constraint "
                    + "declarations in " + resource.implementation().getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The registered resource interfaces, in registration order. */
    public Set<Class<?>> apis() {
        return resources.keySet();
    }

    /**
     * A proxy of {@code api} for {@code caller}: every call is validated, bounded by the call timeout and
     * counted.
     *
     * @throws ResourceException when {@code api} is not registered (naming it and listing the registered
     *         ones) or when {@code caller} may not use it (naming the caller and the resource)
     */
    public <R> R proxy(Class<R> api, ResourceCaller caller) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(caller, "caller");
        RegisteredResource resource = resources.get(api);
        if (resource == null) {
            throw new ResourceException("unknown resource " + api.getName() + "; registered resources: "
                    + (resources.isEmpty() ? "none" : names(resources.keySet())));
        }
        Optional<Set<Class<?>>> allowed = caller.allowed();
        if (allowed.isPresent() && !allowed.get().contains(api)) {
            throw new ResourceException(caller.describe() + " may not use resource " + api.getName()
                    + "; it is limited to " + names(allowed.get()));
        }
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api},
                new ResourceProxy(this, resource, caller));
        return api.cast(proxy);
    }

    /** One call, from {@link ResourceProxy} on the caller's thread; see the overview. */
    Object call(RegisteredResource resource, Method method, Object[] args) {
        String label = resource.label(method);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            if (released.get()) {
                throw new ResourceException("resource call " + label + " refused: the resources were released "
                        + "(the supervisor is shutting down)");
            }
            Object implementation = resource.implementation;
            var executables = Validators.executables();
            throwIfInvalid(label, "invalid argument", executables.validateParameters(implementation, method, args));
            Object result = runBounded(label, () -> method.invoke(implementation, args), false);
            throwIfInvalid(label, "invalid result", executables.validateReturnValue(implementation, method, result));
            failed = false;
            return result;
        } finally {
            resource.record(System.nanoTime() - start, failed);
        }
    }

    private static void throwIfInvalid(String label, String what, Set<ConstraintViolation<Object>> violations) {
        if (violations.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>(violations.size());
        for (ConstraintViolation<Object> v : violations) {
            lines.add(v.getPropertyPath() + ": " + v.getMessage());
        }
        Collections.sort(lines); // Validator sets are unordered; a stable message is easier to read and test
        throw new ResourceException("resource call " + label + ": " + what + ": " + String.join("; ", lines), lines);
    }

    /**
     * Runs {@code work} on a fresh virtual thread and waits up to the call timeout.
     *
     * @param releasing true for a release hook (the interrupt then means shutdown was interrupted, not
     *        that an actor was killed)
     */
    private Object runBounded(String label, Callable<Object> work, boolean releasing) {
        FutureTask<Object> task = new FutureTask<>(work);
        Thread.ofVirtual().name("resource " + label).start(task);
        try {
            return task.get(callTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new ResourceException("resource call " + label + " timed out after " + callTimeout, e);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new ResourceException("resource call " + label + " interrupted: "
                    + (releasing ? "the releasing thread was interrupted" : "the calling actor was killed"), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite && ite.getCause() != null) {
                cause = ite.getCause();
            }
            if (cause instanceof VirtualMachineError || cause instanceof LinkageError) {
                throw (Error) cause; // fatal: never wrapped, never swallowed
            }
            throw new ResourceException("resource call " + label + " failed: " + cause, cause);
        }
    }

    /** Per resource (by fully qualified interface name, in registration order): calls, failures, latency. */
    public Map<String, ResourceStats> stats() {
        Map<String, ResourceStats> stats = new LinkedHashMap<>();
        for (RegisteredResource resource : resources.values()) {
            stats.put(resource.api.getName(), resource.stats());
        }
        return Collections.unmodifiableMap(stats);
    }

    /** Whether {@link #releaseAll()} has run. */
    public boolean isReleased() {
        return released.get();
    }

    /**
     * Runs every release hook exactly once, in reverse registration order, each isolated and bounded by the
     * call timeout; a second call does nothing. After it, every proxy call is refused.
     *
     * @return one {@code "Api: message"} line per hook that failed (also logged); empty when all succeeded
     */
    public List<String> releaseAll() {
        if (!released.compareAndSet(false, true)) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        // An interrupt of the shutting-down thread must not skip hooks: one pending on entry is set aside
        // (or it would cancel every hook before it starts); one arriving while a hook runs cancels that hook
        // only. Either way the flag is restored at the end.
        boolean interrupted = Thread.interrupted();
        for (RegisteredResource resource : resources.values().stream().toList().reversed()) {
            if (resource.release.isEmpty()) {
                continue;
            }
            AutoCloseable hook = resource.release.get();
            try {
                runBounded(resource.name + ".release", () -> {
                    hook.close();
                    return null;
                }, true);
            } catch (ResourceException e) {
                interrupted |= Thread.interrupted();
                // A hook that threw is reported by its own exception; a timeout or interrupt by ours.
                Throwable cause = e.getCause();
                boolean hookThrew = cause != null && !(cause instanceof TimeoutException)
                        && !(cause instanceof InterruptedException);
                Throwable reported = hookThrew ? cause : e;
                String message = reported.getMessage() != null ? reported.getMessage() : reported.toString();
                failures.add(resource.name + ": " + message);
                LOG.warn("release hook of resource {} failed: {}", resource.api.getName(), message, reported);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(failures);
    }

    private static List<String> names(Set<Class<?>> apis) {
        TreeSet<String> names = new TreeSet<>();
        apis.forEach(api -> names.add(api.getName()));
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return "ResourceRegistry" + names(resources.keySet()) + ", callTimeout=" + callTimeout;
    }
}
