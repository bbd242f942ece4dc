package dev.future.internal.resource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The invocation handler behind one caller's proxy of one resource. Runs on the caller's thread; the
 * implementation itself runs on a fresh virtual thread (see {@link ResourceRegistry}). Stateless
 * apart from its final fields, so a proxy may be shared between threads.
 */
final class ResourceProxy implements InvocationHandler {

    private static final Object[] NO_ARGS = {};

    private final ResourceRegistry registry;
    private final RegisteredResource resource;
    private final ResourceCaller caller;

    ResourceProxy(ResourceRegistry registry, RegisteredResource resource, ResourceCaller caller) {
        this.registry = registry;
        this.resource = resource;
        this.caller = caller;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> toString();
            };
        }
        caller.onCall();
        return registry.call(resource, method, args == null ? NO_ARGS : args);
    }

    @Override
    public String toString() {
        return "resource " + resource.name + " for " + caller.describe();
    }
}
