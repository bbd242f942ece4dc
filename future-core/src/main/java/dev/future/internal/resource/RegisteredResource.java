package dev.future.internal.resource;

import dev.future.SupervisorConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * One registered resource: its interface, implementation and release hook, the per-method labels
 * computed once ({@code "Db.query"}), and its call statistics. The statistics are written by every
 * calling thread and read by {@link ResourceRegistry#stats()}; everything else is fixed at construction.
 */
final class RegisteredResource {

    final Class<?> api;
    final Object implementation;
    final Optional<AutoCloseable> release;
    /** The interface's simple name, as errors show it. */
    final String name;
    /** Method to "Api.method"; read-only after construction, so a plain HashMap is safe to share. */
    private final Map<Method, String> labels = new HashMap<>();

    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    RegisteredResource(SupervisorConfig.Resource<?> resource) {
        this.api = resource.api();
        this.implementation = resource.implementation();
        this.release = resource.release();
        this.name = api.getSimpleName();
        for (Method method : api.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            // A non-public interface or implementation class would make Method.invoke fail; where the
            // module allows it, open the method once here rather than on every call.
            method.trySetAccessible();
            labels.put(method, name + "." + method.getName());
        }
    }

    String label(Method method) {
        String label = labels.get(method);
        return label != null ? label : name + "." + method.getName();
    }

    void record(long nanos, boolean failed) {
        calls.increment();
        if (failed) {
            failures.increment();
        }
        latency.record(nanos / 1_000);
    }

    ResourceStats stats() {
        return new ResourceStats(api.getName(), calls.sum(), failures.sum(), latency.percentile(0.50),
                latency.percentile(0.99), latency.max());
    }
}
