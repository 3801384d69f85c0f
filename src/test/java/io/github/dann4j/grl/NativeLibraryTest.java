package io.github.dann4j.grl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {

    private static byte[] sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    @Test
    void theLibraryMavenBuiltIsTheOneLoaded() throws Exception {
        String expected = System.getProperty("dann4j.test.expectedJniLibrary");
        assertNotNull(expected, "surefire passes the path of the library CMake built");
        Path loaded = Path.of(GradientReversal.nativeLibraryPath());
        assertTrue(Files.isRegularFile(loaded), "loaded library " + loaded + " does not exist");
        assertArrayEquals(sha256(Path.of(expected)), sha256(loaded),
                "loaded " + loaded + " is not the library CMake built at " + expected);
        // And it is mapped into this very process.
        String maps = Files.readString(Path.of("/proc/self/maps"));
        assertTrue(maps.contains(loaded.toRealPath().toString()), loaded + " is not mapped into the JVM");
    }

    @Test
    void compiledHeadersMatchTheRuntimeLibtorch() throws Exception {
        String runtime = GradientReversal.bytedecoPytorchVersion();
        assertNotNull(runtime);
        assertTrue(runtime.startsWith(GradientReversal.compiledTorchVersion() + "-"),
                "compiled against " + GradientReversal.compiledTorchVersion() + ", running " + runtime);
        // The libtorch mapped into the process is bytedeco's copy, not a system one.
        String maps = Files.readString(Path.of("/proc/self/maps"));
        for (String line : maps.split("\n")) {
            if (line.endsWith("/libtorch_cpu.so") || line.endsWith("/libc10.so")) {
                assertTrue(line.contains("org/bytedeco/pytorch/"), "foreign libtorch mapped: " + line);
            }
        }
    }
}
