package dev.future.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK 25 AOT cache for worker JVMs, best-effort: it makes a worker start faster when it exists,
 * and nothing fails when it does not.
 *
 * <p>The cache lives at {@code ~/.cache/future/aot/<key>.aot} (or under the directory in the system
 * property {@code future.process.aot.dir}), where the key is a SHA-256 of the JDK and of the class
 * path's <em>contents</em>: each JAR's path, size, modification time and bytes (JARs named in a
 * manifest {@code Class-Path} included). Keying by content matters: the JDK silently uses a stale
 * cache after a JAR is rebuilt (JDK-8377932). The cache is made once, in the background, by a
 * training run of the worker ({@code WorkerMain --train}, with {@code -XX:AOTCacheOutput}); until it
 * exists workers start without it. A class path with a directory on it (a build's
 * {@code target/classes}) gets no cache: AOT archives need classes in JARs. A failed training leaves
 * a {@code <key>.failed} file with the reason, so it is not retried for that class path.
 * {@code -Dfuture.process.aot=false} turns all of this off.
 *
 * <p>Threads: {@link #file()} is called by launching threads; the training runs on one of them, once
 * per JVM (guarded by this class's monitor).
 */
final class AotCache {

    private static final Logger LOG = LoggerFactory.getLogger(AotCache.class);

    private static Optional<Path> ready; // guarded by AotCache.class
    private static boolean attempted; // guarded by AotCache.class

    private AotCache() {}

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("future.process.aot", "true"));
    }

    /** The cache to use now, if one is ready; starts making one (once) when it is not. */
    static synchronized Optional<Path> file(List<String> trainingCommand) {
        if (!enabled()) {
            return Optional.empty();
        }
        if (ready != null && ready.isPresent()) {
            return ready;
        }
        if (attempted) {
            return Optional.empty();
        }
        attempted = true;
        Thread.ofPlatform().daemon().name("future-aot-training").start(() -> prepare(trainingCommand));
        return Optional.empty();
    }

    private static void prepare(List<String> trainingCommand) {
        try {
            String classPath = System.getProperty("java.class.path", "");
            List<Path> entries = entries(classPath);
            if (entries.stream().anyMatch(Files::isDirectory)) {
                LOG.debug("no AOT cache for worker JVMs: the class path has a directory (AOT needs JARs)");
                return;
            }
            Path dir = directory();
            Files.createDirectories(dir);
            String key = key(entries);
            Path cache = dir.resolve(key + ".aot");
            Path failed = dir.resolve(key + ".failed");
            if (Files.isRegularFile(cache)) {
                publish(cache);
                return;
            }
            if (Files.exists(failed)) {
                return;
            }
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Path log = Files.createTempFile(dir, key, ".log");
            List<String> cmd = new ArrayList<>(trainingCommand);
            cmd.add(1, "-XX:AOTCacheOutput=" + tmp);
            Files.deleteIfExists(tmp);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            WorkerPool.track(p);
            boolean ended = p.waitFor(120, TimeUnit.SECONDS);
            if (ended && p.exitValue() == 0 && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(log);
                LOG.debug("AOT cache for worker JVMs made: {}", cache);
                publish(cache);
            } else {
                p.destroyForcibly();
                String why = ended ? "exit code " + p.exitValue() : "timed out";
                Files.writeString(failed, why + "\n" + tail(log));
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(log);
                LOG.debug("no AOT cache for worker JVMs ({}); see {}", why, failed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no AOT cache for worker JVMs: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void publish(Path cache) {
        ready = Optional.of(cache);
    }

    static Path directory() {
        String configured = System.getProperty("future.process.aot.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "future", "aot");
    }

    /** The class path's files, with the JARs named by each JAR's manifest Class-Path (one level). */
    static List<Path> entries(String classPath) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String s : classPath.split(java.io.File.pathSeparator)) {
            if (s.isBlank()) {
                continue;
            }
            Path p = Path.of(s).toAbsolutePath();
            out.add(p);
            if (Files.isRegularFile(p) && s.endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    var manifest = jar.getManifest();
                    String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String ref : cp.trim().split("\\s+")) {
                            try {
                                Path r = ref.startsWith("file:") ? Path.of(java.net.URI.create(ref))
                                        : p.getParent().resolve(ref);
                                out.add(r.toAbsolutePath());
                            } catch (RuntimeException e) {
                                // an unusual entry: it only weakens the key, which still covers the JAR naming it
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** SHA-256 over the JDK and each entry's path, size, mtime and bytes. */
    static String key(List<Path> entries) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(sha, System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"));
        byte[] buf = new byte[64 * 1024];
        for (Path p : entries) {
            List<Path> files;
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(p);
            }
            for (Path f : files) {
                update(sha, f.toString());
                if (!Files.isRegularFile(f)) {
                    update(sha, "missing");
                    continue;
                }
                update(sha, Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis());
                try (InputStream in = Files.newInputStream(f)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
        } catch (IOException e) {
            return "";
        }
    }
}
