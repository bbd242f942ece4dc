package dev.future.internal.box;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.Serial;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The few libc calls the shared region needs, through the FFM linker. Every call captures
 * {@code errno}; a failure throws {@link ErrnoException} naming the call, its arguments and the errno
 * (number, symbol and text).
 *
 * <p>Stateless and thread-safe: each call allocates its errno capture in a confined arena of its own.
 * Needs native access ({@code --enable-native-access=dev.future}, or {@code ALL-UNNAMED} on the class
 * path); without it the JDK prints a warning on first use.
 */
final class Libc {

    static final int MFD_CLOEXEC = 0x1;
    static final int MFD_ALLOW_SEALING = 0x2;
    static final int F_ADD_SEALS = 1033;
    static final int F_GET_SEALS = 1034;
    static final int F_SEAL_SEAL = 0x1;
    static final int F_SEAL_SHRINK = 0x2;
    static final int F_SEAL_GROW = 0x4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final Optional<MethodHandle> MEMFD_CREATE =
            find("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final Optional<MethodHandle> FTRUNCATE =
            find("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    // fcntl is variadic: its third argument is passed as a variadic int.
    private static final Optional<MethodHandle> FCNTL = find("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO,
            Linker.Option.firstVariadicArg(2));
    private static final Optional<MethodHandle> CLOSE =
            find("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final Optional<MethodHandle> STRERROR =
            find("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    /** Whether {@code memfd_create} can be called here (Linux with glibc 2.27 or newer). */
    static boolean hasMemfd() {
        return MEMFD_CREATE.isPresent() && FTRUNCATE.isPresent() && FCNTL.isPresent() && CLOSE.isPresent();
    }

    /** {@code memfd_create(name, flags)}: a new anonymous memory file's descriptor. */
    static int memfdCreate(String name, int flags) throws IOException {
        MethodHandle h = require(MEMFD_CREATE, "memfd_create");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) h.invokeExact(state, arena.allocateFrom(name), flags);
            return check(fd, state, "memfd_create(name=\"" + name + "\", flags=0x" + Integer.toHexString(flags) + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("memfd_create: " + t, t);
        }
    }

    /** {@code ftruncate(fd, length)}. */
    static void ftruncate(int fd, long length) throws IOException {
        MethodHandle h = require(FTRUNCATE, "ftruncate");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) h.invokeExact(state, fd, length);
            check(rc, state, "ftruncate(fd=" + fd + ", length=" + length + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ftruncate: " + t, t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)} with an int argument; returns the call's result. */
    static int fcntl(int fd, int cmd, int arg) throws IOException {
        MethodHandle h = require(FCNTL, "fcntl");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) h.invokeExact(state, fd, cmd, arg);
            return check(rc, state, "fcntl(fd=" + fd + ", cmd=" + cmd + ", arg=0x" + Integer.toHexString(arg) + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl: " + t, t);
        }
    }

    /** {@code close(fd)}. */
    static void close(int fd) throws IOException {
        MethodHandle h = require(CLOSE, "close");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) h.invokeExact(state, fd);
            check(rc, state, "close(fd=" + fd + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("close: " + t, t);
        }
    }

    private static int check(int rc, MemorySegment state, String call) throws ErrnoException {
        if (rc >= 0) {
            return rc;
        }
        int errno = (int) ERRNO.get(state, 0L);
        throw new ErrnoException(call, errno);
    }

    private static MethodHandle require(Optional<MethodHandle> h, String name) throws IOException {
        return h.orElseThrow(() -> new IOException(name + " is not available in this C library"));
    }

    // Restricted by design: linking libc is what this class is for. The module needs native access.
    @SuppressWarnings("restricted")
    private static Optional<MethodHandle> find(String name, FunctionDescriptor fd, Linker.Option... options) {
        try {
            return LINKER.defaultLookup().find(name).map(addr -> LINKER.downcallHandle(addr, fd, options));
        } catch (RuntimeException e) {
            // No such symbol, or a linker that cannot describe it: the caller falls back.
            return Optional.empty();
        }
    }

    /** The symbol and text of an errno, such as {@code "EPERM: Operation not permitted"}. */
    @SuppressWarnings("restricted") // sizing strerror's result, a C string of unknown length
    static String describe(int errno) {
        String symbol = switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 9 -> "EBADF";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 16 -> "EBUSY";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 27 -> "EFBIG";
            case 28 -> "ENOSPC";
            case 38 -> "ENOSYS";
            default -> "errno " + errno;
        };
        return STRERROR.map(h -> {
            try {
                MemorySegment text = (MemorySegment) h.invokeExact(errno);
                // strerror's text is a short C string; 256 bytes bounds the scan for its NUL.
                return symbol + ": " + text.reinterpret(256).getString(0);
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                return symbol;
            }
        }).orElse(symbol);
    }

    /** A failed libc call: names the call, its arguments and the errno. */
    static final class ErrnoException extends IOException {
        @Serial
        private static final long serialVersionUID = 1L;

        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + " failed: errno " + errno + " (" + describe(errno) + ")");
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
