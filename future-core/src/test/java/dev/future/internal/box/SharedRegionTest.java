package dev.future.internal.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SharedRegionTest {

    static boolean memfdAvailable() {
        return System.getProperty("os.name", "").startsWith("Linux") && Libc.hasMemfd();
    }

    @Test
    void shouldLayBoxesOutBackToBack() throws IOException {
        try (SharedRegion r = SharedRegion.create("layout", 3, 100)) {
            assertThat(r.size()).isEqualTo(300);
            assertThat(r.offset(0)).isZero();
            assertThat(r.offset(2)).isEqualTo(200);
            assertThat(r.box(1).byteSize()).isEqualTo(100);
            assertThat(r.box(1, 7).byteSize()).isEqualTo(7);
            assertThatThrownBy(() -> r.offset(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.box(0, 101)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void shouldRefuseSizesThatDoNotFit() {
        assertThatThrownBy(() -> SharedRegion.create("bad", 0, 8)).hasMessageContaining("poolSize=0");
        assertThatThrownBy(() -> SharedRegion.create("bad", 2, Long.MAX_VALUE)).hasMessageContaining("overflows");
    }

    @Nested
    class Memfd {

        @Test
        void shouldBeSealedAgainstShrinkingAndGrowing() throws IOException {
            assumeTrue(memfdAvailable(), "memfd_create is not available here");
            try (SharedRegion r = SharedRegion.create("sealed", 4, 4096)) {
                assertThat(r.kind()).isEqualTo(SharedRegion.Kind.MEMFD);
                assertThat(Libc.fcntl(r.fd(), Libc.F_GET_SEALS, 0))
                        .isEqualTo(Libc.F_SEAL_SEAL | Libc.F_SEAL_SHRINK | Libc.F_SEAL_GROW);
                assertThatThrownBy(() -> Libc.ftruncate(r.fd(), 0))
                        .isInstanceOf(Libc.ErrnoException.class)
                        .hasMessageContaining("ftruncate(fd=" + r.fd() + ", length=0)")
                        .hasMessageContaining("EPERM")
                        .satisfies(e -> assertThat(((Libc.ErrnoException) e).errno()).isEqualTo(1));
                assertThatThrownBy(() -> Libc.ftruncate(r.fd(), 1 << 20)).hasMessageContaining("EPERM");
                // what a worker would do through the path it is given
                try (FileChannel ch = FileChannel.open(r.path(), StandardOpenOption.WRITE)) {
                    assertThatThrownBy(() -> ch.truncate(0)).isInstanceOf(IOException.class);
                }
                r.box(3).set(ValueLayout.JAVA_BYTE, 4095, (byte) 7); // still fully mapped
                assertThat(r.box(3).get(ValueLayout.JAVA_BYTE, 4095)).isEqualTo((byte) 7);
            }
        }

        @Test
        void shouldBeMappableByAnotherMappingThroughItsPath() throws IOException {
            assumeTrue(memfdAvailable(), "memfd_create is not available here");
            try (SharedRegion r = SharedRegion.create("shared", 2, 64)) {
                assertThat(r.path().toString()).matches("/proc/" + ProcessHandle.current().pid() + "/fd/\\d+");
                try (SharedRegion worker = SharedRegion.attach(r.path(), 2, 64)) {
                    r.box(1).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0x1234_5678_9ABCL);
                    assertThat(worker.box(1).get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isEqualTo(0x1234_5678_9ABCL);
                }
                assertThat(r.box(1).get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isEqualTo(0x1234_5678_9ABCL);
            }
        }

        @Test
        void shouldNameTheCallAndErrnoWhenANativeCallFails() {
            assumeTrue(memfdAvailable(), "memfd_create is not available here");
            assertThatThrownBy(() -> Libc.close(-1)).hasMessage("close(fd=-1) failed: errno 9 (EBADF: Bad file descriptor)");
        }
    }

    @Nested
    class Files_ {

        @Test
        void shouldFallBackToDevShmAndDeleteTheFileOnClose() throws IOException {
            assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "/dev/shm is missing");
            SharedRegion r = SharedRegion.create("fallback", 2, 1024, SharedRegion.Kind.DEV_SHM);
            assertThat(r.kind()).isEqualTo(SharedRegion.Kind.DEV_SHM);
            assertThat(r.path()).startsWith(Path.of("/dev/shm")).exists();
            assertThat(Files.size(r.path())).isEqualTo(2048);
            r.box(1).set(ValueLayout.JAVA_BYTE, 0, (byte) 42);
            r.close();
            r.close();
            assertThat(r.path()).doesNotExist();
            assertThat(r.isClosed()).isTrue();
        }

        @Test
        void shouldFallBackToATempFileAndDeleteItOnClose() throws IOException {
            SharedRegion r = SharedRegion.create("temp", 1, 512, SharedRegion.Kind.TEMP_FILE);
            assertThat(r.kind()).isEqualTo(SharedRegion.Kind.TEMP_FILE);
            assertThat(r.path()).exists();
            r.close();
            assertThat(r.path()).doesNotExist();
        }

        @Test
        void shouldRefuseAccessAfterCloseInsteadOfCrashing() throws IOException {
            SharedRegion r = SharedRegion.create("closed", 1, 64);
            var box = r.box(0);
            r.close();
            assertThatThrownBy(() -> box.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
    }
}
