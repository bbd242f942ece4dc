package dev.future.observer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How an {@link Observer} serves: where it listens, how often it samples, how much it buffers per
 * client. Built by {@link #builder()}, validated once when built; every bad value is refused with a
 * message that names the field and the value.
 *
 * @param bindAddress the address to listen on (default {@code 127.0.0.1}: loopback only; see the threat
 *     model in {@link Observer} before choosing another)
 * @param port the TCP port (default {@code 0}: a free port, read it back from {@link Observer#uri()})
 * @param sampleInterval how often the sampler takes a snapshot while someone watches (default 500 ms)
 * @param clientQueue snapshots buffered for one slow event-stream client before the oldest is dropped
 *     (default 4)
 * @param maxClients event-stream clients served at once; more are answered 503 (default 32)
 * @param allowedHosts host names, besides {@code localhost}, the loopback literals and the bind address,
 *     that requests may name in their {@code Host} header (default none; a defence against DNS rebinding)
 * @param announce where the start line with the address and the token goes (default {@code System.out})
 */
public record ObserverOptions(
        InetAddress bindAddress,
        int port,
        Duration sampleInterval,
        int clientQueue,
        int maxClients,
        List<String> allowedHosts,
        Consumer<String> announce) {

    private static final Duration MIN_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    public ObserverOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Objects.requireNonNull(allowedHosts, "allowedHosts");
        Objects.requireNonNull(announce, "announce");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535 (0: a free port): port=" + port);
        }
        if (sampleInterval.compareTo(MIN_INTERVAL) < 0 || sampleInterval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException(
                    "sampleInterval must be within 50 ms..1 min: sampleInterval=" + sampleInterval);
        }
        if (clientQueue < 1 || clientQueue > 1_024) {
            throw new IllegalArgumentException("clientQueue must be within 1..1024: clientQueue=" + clientQueue);
        }
        if (maxClients < 1 || maxClients > 10_000) {
            throw new IllegalArgumentException("maxClients must be within 1..10000: maxClients=" + maxClients);
        }
        allowedHosts = List.copyOf(allowedHosts);
        for (String host : allowedHosts) {
            if (!HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException(
                        "allowedHosts must hold plain host names such as observer.example: allowedHosts=" + host);
            }
        }
    }

    /** The defaults: loopback, a free port, a snapshot every 500 ms, announced on {@code System.out}. */
    public static ObserverOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ObserverOptions}; {@link #build()} validates. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private Duration sampleInterval = Duration.ofMillis(500);
        private int clientQueue = 4;
        private int maxClients = 32;
        private List<String> allowedHosts = List.of();
        private Consumer<String> announce = System.out::println;

        private Builder() {}

        /** The address to listen on; a non-loopback address exposes the kill capability to the network. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The TCP port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How often to sample while someone watches (50 ms..1 min). */
        public Builder sampleInterval(Duration sampleInterval) {
            this.sampleInterval = Objects.requireNonNull(sampleInterval, "sampleInterval");
            return this;
        }

        /** Snapshots buffered per event-stream client before the oldest is dropped (1..1024). */
        public Builder clientQueue(int clientQueue) {
            this.clientQueue = clientQueue;
            return this;
        }

        /** Event-stream clients served at once (1..10000). */
        public Builder maxClients(int maxClients) {
            this.maxClients = maxClients;
            return this;
        }

        /** Further host names a request's {@code Host} header may carry (for a non-loopback bind). */
        public Builder allowedHosts(String... hosts) {
            this.allowedHosts = List.of(hosts);
            return this;
        }

        /** Where the start line goes; {@code line -> {}} keeps quiet. */
        public Builder announce(Consumer<String> announce) {
            this.announce = Objects.requireNonNull(announce, "announce");
            return this;
        }

        /** The options; throws {@link IllegalArgumentException} naming the first bad value. */
        public ObserverOptions build() {
            return new ObserverOptions(
                    bindAddress, port, sampleInterval, clientQueue, maxClients, allowedHosts, announce);
        }
    }
}
