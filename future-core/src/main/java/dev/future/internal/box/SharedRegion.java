package dev.future.internal.box;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of a box pool: one off-heap mapping that a worker JVM can map too.
 *
 * <h2>Layout</h2>
 * Bytes only; every piece of metadata (state, epoch, length, references, leases) lives on the heap,
 * in {@link BoxPool}. Box {@code i} occupies {@code [i * boxSize, (i + 1) * boxSize)}; a committed
 * payload of {@code length} bytes occupies the first {@code length} bytes of its box, and the rest of
 * the box is never read (no stale bytes can leak: every view is cut to the stored length).
 * <pre>
 *  offset 0          boxSize          2*boxSize               (poolSize-1)*boxSize     poolSize*boxSize
 *  +-----------------+----------------+------ ... ------------+------------------------+
 *  | box 0           | box 1          |                       | box poolSize-1         |
 *  | payload | slack | payload| slack |                       | payload | slack        |
 *  +-----------------+----------------+------ ... ------------+------------------------+
 *   ^ offset(0)       ^ offset(1)                              ^ offset(poolSize-1)     ^ size()
 * </pre>
 * {@link #offset(int)} is the one place offsets are computed.
 *
 * <h2>Backing, in order of preference</h2>
 * <ol>
 *   <li>{@link Kind#MEMFD}: {@code memfd_create(MFD_CLOEXEC | MFD_ALLOW_SEALING)}, sized with
 *       {@code ftruncate}, then sealed with {@code F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL} so no
 *       process (a worker included) can shrink it under our mapping and make our reads fault. A worker
 *       opens it through {@link #path()}, {@code /proc/<pid>/fd/<fd>}. It has no name in any file
 *       system, so nothing outlives the processes that map it.</li>
 *   <li>{@link Kind#DEV_SHM}: a file under {@code /dev/shm} (tmpfs), mode 0600.</li>
 *   <li>{@link Kind#TEMP_FILE}: a temp file, when {@code /dev/shm} is missing.</li>
 * </ol>
 * Files are deleted on {@link #close()} and, should the JVM exit first, by one shared shutdown hook.
 * Files cannot be sealed: a worker truncating one would make our reads fault (the JVM turns that into
 * an {@link InternalError}), so workers must be trusted not to truncate on those fallbacks.
 *
 * <h2>Threads</h2>
 * All fields are final except {@code closed}. The segment is mapped in a shared arena, so any thread
 * may read and write it; {@link #close()} unmaps it, after which any access from any thread throws
 * {@link IllegalStateException} (never a crash). Closing is idempotent and thread-safe.
 */
public final class SharedRegion implements AutoCloseable {

    /** How a region is backed. */
    public enum Kind {
        MEMFD,
        DEV_SHM,
        TEMP_FILE
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Kind kind;
    private final int boxes;
    private final long boxSize;
    private final Arena arena;
    private final MemorySegment segment;
    private final int fd; // the memfd, or -1
    private final Path path; // what a worker opens
    private final boolean ownsFile; // delete path on close
    private final AtomicBoolean closed = new AtomicBoolean(); // written by close(), by any thread

    private SharedRegion(Kind kind, int boxes, long boxSize, Arena arena, MemorySegment segment, int fd,
            Path path, boolean ownsFile) {
        this.kind = kind;
        this.boxes = boxes;
        this.boxSize = boxSize;
        this.arena = arena;
        this.segment = segment;
        this.fd = fd;
        this.path = path;
        this.ownsFile = ownsFile;
    }

    /**
     * A new region of {@code boxes} boxes of {@code boxSize} bytes: a sealed memfd when this system
     * has one, else a file under {@code /dev/shm}, else a temp file.
     *
     * @throws IOException naming what failed (the libc call and errno, or the file) when no backing works
     * @throws IllegalArgumentException when {@code boxes * boxSize} does not fit a long, or either is below 1
     */
    public static SharedRegion create(String name, int boxes, long boxSize) throws IOException {
        return create(name, boxes, boxSize, Kind.MEMFD);
    }

    /** As {@link #create(String, int, long)}, starting with {@code first} (tests force the fallbacks). */
    static SharedRegion create(String name, int boxes, long boxSize, Kind first) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(first, "first");
        long size = totalSize(boxes, boxSize);
        IOException failure = null;
        for (Kind kind : Kind.values()) {
            if (kind.ordinal() < first.ordinal()) {
                continue;
            }
            try {
                return switch (kind) {
                    case MEMFD -> memfd(name, boxes, boxSize, size);
                    case DEV_SHM -> devShm(name, boxes, boxSize, size);
                    case TEMP_FILE -> tempFile(name, boxes, boxSize, size);
                };
            } catch (IOException | UnsupportedOperationException e) {
                IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
                if (failure == null) {
                    failure = io;
                } else {
                    failure.addSuppressed(io);
                }
            }
        }
        throw Objects.requireNonNull(failure);
    }

    /**
     * Maps an existing region that another process created (a worker mapping its supervisor's pool).
     * The file is not owned: closing unmaps it and deletes nothing.
     */
    public static SharedRegion attach(Path path, int boxes, long boxSize) throws IOException {
        Objects.requireNonNull(path, "path");
        long size = totalSize(boxes, boxSize);
        Arena arena = Arena.ofShared();
        try {
            return new SharedRegion(Kind.TEMP_FILE, boxes, boxSize, arena, map(path, size, arena), -1, path, false);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static long totalSize(int boxes, long boxSize) {
        if (boxes < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1: poolSize=" + boxes);
        }
        if (boxSize < 1) {
            throw new IllegalArgumentException("boxSize must be >= 1 byte: boxSize=" + boxSize);
        }
        try {
            return Math.multiplyExact(boxes, boxSize);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("poolSize * boxSize overflows: poolSize=" + boxes
                    + ", boxSize=" + boxSize, e);
        }
    }

    private static SharedRegion memfd(String name, int boxes, long boxSize, long size) throws IOException {
        if (!System.getProperty("os.name", "").startsWith("Linux") || !Libc.hasMemfd()) {
            throw new IOException("memfd_create is not available on this system");
        }
        int fd = Libc.memfdCreate("future-" + name, Libc.MFD_CLOEXEC | Libc.MFD_ALLOW_SEALING);
        Arena arena = Arena.ofShared();
        try {
            Libc.ftruncate(fd, size);
            Libc.fcntl(fd, Libc.F_ADD_SEALS, Libc.F_SEAL_SHRINK | Libc.F_SEAL_GROW | Libc.F_SEAL_SEAL);
            MemorySegment segment = map(Path.of("/proc/self/fd/" + fd), size, arena);
            Path workerPath = Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + fd);
            return new SharedRegion(Kind.MEMFD, boxes, boxSize, arena, segment, fd, workerPath, false);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            try {
                Libc.close(fd);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static SharedRegion devShm(String name, int boxes, long boxSize, long size) throws IOException {
        Path dir = Path.of("/dev/shm");
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("/dev/shm is missing or not writable");
        }
        Path file = dir.resolve("future-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()
                + "-" + sanitize(name));
        Files.createFile(file, OWNER_ONLY);
        return fileRegion(Kind.DEV_SHM, file, boxes, boxSize, size);
    }

    private static SharedRegion tempFile(String name, int boxes, long boxSize, long size) throws IOException {
        Path file;
        try {
            file = Files.createTempFile("future-" + sanitize(name) + "-", ".box", OWNER_ONLY);
        } catch (UnsupportedOperationException e) { // not a POSIX file system
            file = Files.createTempFile("future-" + sanitize(name) + "-", ".box");
        }
        return fileRegion(Kind.TEMP_FILE, file, boxes, boxSize, size);
    }

    private static SharedRegion fileRegion(Kind kind, Path file, int boxes, long boxSize, long size)
            throws IOException {
        LiveFiles.add(file);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = map(file, size, arena); // mapping READ_WRITE extends the file to size
            return new SharedRegion(kind, boxes, boxSize, arena, segment, -1, file, true);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            LiveFiles.delete(file);
            throw e;
        }
    }

    private static MemorySegment map(Path path, long size, Arena arena) throws IOException {
        // The mapping outlives the channel: it lives until the arena closes.
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
        } catch (IOException e) {
            throw new IOException("cannot map " + size + " bytes of " + path + ": " + e.getMessage(), e);
        }
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The byte offset of box {@code box}: the one place offsets are computed. */
    public long offset(int box) {
        Objects.checkIndex(box, boxes);
        return box * boxSize;
    }

    /** The whole of box {@code box} ({@code boxSize} bytes, writable). */
    public MemorySegment box(int box) {
        return segment.asSlice(offset(box), boxSize);
    }

    /** The first {@code length} bytes of box {@code box}. */
    public MemorySegment box(int box, long length) {
        Objects.checkFromIndexSize(0, length, boxSize);
        return segment.asSlice(offset(box), length);
    }

    /** The whole mapping. */
    public MemorySegment segment() {
        return segment;
    }

    /** Bytes mapped: {@code boxes * boxSize}. */
    public long size() {
        return segment.byteSize();
    }

    public int boxes() {
        return boxes;
    }

    public long boxSize() {
        return boxSize;
    }

    public Kind kind() {
        return kind;
    }

    /** What a worker JVM opens to map this region: {@code /proc/<pid>/fd/<fd>} for a memfd, else the file. */
    public Path path() {
        return path;
    }

    /** The memfd's descriptor, or -1 when backed by a file. */
    int fd() {
        return fd;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Unmaps the region, closes the memfd or deletes the file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        arena.close();
        if (fd >= 0) {
            try {
                Libc.close(fd);
            } catch (IOException e) {
                // Only EBADF/EINTR are possible here; the descriptor is gone either way.
            }
        }
        if (ownsFile) {
            LiveFiles.delete(path);
        }
    }

    @Override
    public String toString() {
        return "SharedRegion[" + kind + ", " + boxes + " x " + boxSize + " bytes, " + path
                + (closed.get() ? ", closed" : "") + "]";
    }

    /** Files to delete should the JVM exit before their regions close: one hook for all regions. */
    private static final class LiveFiles {
        private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("future-shared-region-cleanup")
                    .unstarted(() -> FILES.forEach(LiveFiles::deleteQuietly)));
        }

        static void add(Path file) {
            FILES.add(file);
        }

        static void delete(Path file) {
            FILES.remove(file);
            deleteQuietly(file);
        }

        private static void deleteQuietly(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Nothing more can be done at close or exit; the file is in a temp directory.
            }
        }
    }
}
