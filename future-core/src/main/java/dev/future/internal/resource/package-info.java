/**
 * Resources: main-thread services reached by actors only through validating proxies
 * ({@link dev.future.internal.resource.ResourceRegistry}).
 *
 * <h2>Entry points for the runtime</h2>
 * <ul>
 *   <li>{@code new ResourceRegistry(config.resources(), config.resourceTimeout())}, once per supervisor;</li>
 *   <li>{@code registry.proxy(api, caller)} for {@code ActorContext.resource(api)}, where the
 *       {@link dev.future.internal.resource.ResourceCaller} names the actor, carries its
 *       {@code SpawnOptions.resources(..)} limit and turns each call into a heartbeat;</li>
 *   <li>{@code registry.stats()} for diagnostics ({@code RESOURCE_CALL_LATENCY});</li>
 *   <li>{@code registry.releaseAll()} once at shutdown, after the actors have stopped.</li>
 * </ul>
 *
 * <h2>Design notes</h2>
 * Validation is Jakarta Validation (Hibernate Validator) on the resource interface: parameter and
 * return-value constraints, cascading into records with {@code @Valid}. Each call runs on its own virtual
 * thread so that the calling actor stays killable and the call stays bounded; statistics are lock-free and
 * fixed in size.
 */
package dev.future.internal.resource;
