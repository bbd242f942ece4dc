package dev.future.internal.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM, connected: its {@link Process}, its control channel, and the file its stderr goes
 * to. Used by one actor incarnation at a time and never reused after that incarnation ends.
 *
 * <p>Threads: {@link #send} and {@link #read} are called by the one thread serving the actor (the
 * incarnation's drainer, or the thread starting it); {@link #destroy()} and {@link #exitReason()}
 * by any thread.
 */
public final class WorkerProcess {

    /** {@code -XX:+ExitOnOutOfMemoryError} exits with this code. */
    static final int OOM_EXIT_CODE = 3;

    private final Process process;
    private final SocketChannel channel;
    private final Path stderr;
    private final long maxHeap;

    WorkerProcess(Process process, SocketChannel channel, Path stderr, long maxHeap) {
        this.process = process;
        this.channel = channel;
        this.stderr = stderr;
        this.maxHeap = maxHeap;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    long maxHeap() {
        return maxHeap;
    }

    public void send(Frame frame) throws IOException {
        FrameCodec.write(channel, frame);
    }

    /** The next frame from the worker (untrusted: only worker frames, validated). */
    public Frame read() throws IOException, ProtocolException {
        return FrameCodec.read(channel, true);
    }

    /** SIGKILL; idempotent. Its OS process is gone soon after (wait on {@code process().onExit()}). */
    public void destroy() {
        process.destroyForcibly();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best-effort: the process is being killed anyway
        }
    }

    /**
     * Why the worker ended by itself: {@code out_of_memory} (exit code 3 from
     * {@code ExitOnOutOfMemoryError}, or an {@code OutOfMemoryError} in its stderr), else
     * {@code worker_exit: <code>}. Waits up to {@code waitMillis} for the exit.
     */
    public String exitReason(long waitMillis) {
        int code;
        try {
            if (!process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
                return "worker_exit: unknown";
            }
            code = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "worker_exit: unknown";
        }
        if (code == OOM_EXIT_CODE || stderrTail(8192).contains("java.lang.OutOfMemoryError")) {
            return "out_of_memory";
        }
        return "worker_exit: " + code;
    }

    /** The last {@code max} bytes the worker wrote to stderr, for diagnostics. */
    public String stderrTail(int max) {
        try (RandomAccessFile f = new RandomAccessFile(stderr.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - max);
            byte[] bytes = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** After the process has exited: its stderr file is deleted. */
    void cleanUp() {
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // the private directory is removed at close anyway
        }
    }

    @Override
    public String toString() {
        return "Worker[pid " + process.pid() + "]";
    }
}
