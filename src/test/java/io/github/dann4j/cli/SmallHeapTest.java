package io.github.dann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM whose heap is smaller than the memory limit: a CSV too big for it is one line naming the
 * file and -Xmx, never an OutOfMemoryError stack trace. A child JVM, for its small -Xmx.
 */
class SmallHeapTest {

    @Test
    void aCsvLargerThanTheHeapIsOneLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("a,b,c,label\n");
            for (int i = 0; i < 3_000_000; i++) {
                out.write("1,2,3,0\n");
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("err.txt");
        Process child = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--source", csv.toString(), "--source-only", "--steps", "1", "--output", dir.resolve("run").toString())
                .redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child hung");
        // a CUDA build on a machine without a GPU adds its one documented warning (Libtorch) first
        String message = Files.readString(err).strip()
                .replaceFirst("^\\[main\\] WARN io\\.github\\.dann4j\\.internal\\.Libtorch - this CUDA build[^\n]*\n", "");
        assertEquals(1, child.exitValue(), message);
        assertEquals(1, message.split("\n").length, message);
        assertFalse(message.contains("OutOfMemoryError") && message.contains("\tat "), message);
        assertTrue(message.startsWith("dann4j: " + csv + " (line ") && message.contains("of Java heap, more than the"),
                message);
    }
}
