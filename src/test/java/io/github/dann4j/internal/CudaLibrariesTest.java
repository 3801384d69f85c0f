package io.github.dann4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CUDA build loads NVIDIA's libraries from the folder it recorded, by absolute path, and a CUDA
 * build without them stops with one line naming what is missing; a CPU build loads none. Each test
 * checks whichever flavour it runs in ({@code mvn verify} or {@code mvn -Pcuda verify}).
 */
class CudaLibrariesTest {
    private static final String CUDART = "libcudart.so.13";

    @Test
    void everyLibraryComesFromTheRecordedFolder() throws IOException {
        Libtorch.load();
        List<String> mapped = Files.readAllLines(Path.of("/proc/self/maps"));
        if (!CudaLibraries.isCudaBuild()) {
            assertNull(CudaLibraries.folder());
            assertFalse(mapped.stream().anyMatch(line -> line.endsWith("/" + CUDART)), "a CPU build mapped " + CUDART);
            return;
        }
        Path folder = CudaLibraries.folder();
        assertNotNull(folder, "a CUDA build loaded no CUDA libraries");
        for (String library : new String[] {CUDART, "libcublas.so.13", "libcudnn.so.9", "libcupti.so.13"}) {
            List<String> copies = mapped.stream().filter(line -> line.endsWith("/" + library))
                    .map(line -> line.substring(line.indexOf('/'))).distinct().toList();
            assertEquals(List.of(folder.resolve(library).toRealPath().toString()),
                    copies.stream().map(CudaLibrariesTest::real).toList(), library + " mapped from elsewhere");
        }
    }

    @Test
    void aMissingLibraryIsOneLineThatNamesIt(@TempDir Path dir) throws Exception {
        Path partial = Files.createDirectories(dir.resolve("cuda"));
        Libtorch.load();
        if (CudaLibraries.isCudaBuild()) {
            try (Stream<Path> files = Files.list(CudaLibraries.folder())) {
                for (Path file : files.toList()) {
                    if (!file.getFileName().toString().equals("libcupti.so.13")) {
                        Files.createSymbolicLink(partial.resolve(file.getFileName()), file);
                    }
                }
            }
        }
        Child child = info(dir, Map.of(), "-D" + CudaLibraries.HOME_PROPERTY + "=" + partial);
        assertFalse(child.crashed, child.output);
        if (!CudaLibraries.isCudaBuild()) {
            assertEquals(0, child.exit, "a CPU build needs no CUDA folder:\n" + child.output);
            assertTrue(child.output.contains("flavour            cpu"), child.output);
            return;
        }
        assertEquals(1, child.exit, child.output);
        assertEquals("dann4j: this CUDA build of dann4j needs NVIDIA's CUDA " + CudaLibraries.cudaVersion()
                + " and cuDNN " + CudaLibraries.cudnnVersion() + " libraries, but libcupti.so.13 is missing from "
                + partial + " (-Ddann4j.cuda.home); point it at a CUDA 13 folder with cuDNN 9, or unset it to use"
                + " the libraries the build provisioned", child.output.strip());
    }

    @Test
    void aCudaHomeThatDoesNotExistIsOneLine(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("no-such-cuda");
        Child child = info(dir, Map.of("DANN4J_CUDA_HOME", absent.toString()));
        assertFalse(child.crashed, child.output);
        if (!CudaLibraries.isCudaBuild()) {
            assertEquals(0, child.exit, child.output);
            return;
        }
        assertEquals(1, child.exit, child.output);
        String line = child.output.strip();
        assertFalse(line.contains("\n"), "more than one line:\n" + line);
        assertTrue(line.contains("but " + absent + " does not exist (DANN4J_CUDA_HOME)"), line);
    }

    private record Child(int exit, String output, boolean crashed) {}

    /** {@code dann4j info} in a child JVM with these environment variables and JVM options. */
    private static Child info(Path dir, Map<String, String> environment, String... jvmOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(Main.class.getName(), "info"));
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("DANN4J_CUDA_HOME");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "dann4j info hung");
        boolean crashed;
        try (Stream<Path> files = Files.list(dir)) {
            crashed = files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err"));
        }
        return new Child(process.exitValue(), Files.readString(output), crashed);
    }

    private static String real(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException e) {
            return path;
        }
    }
}
