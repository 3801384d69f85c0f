package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dann4j.cli.Main;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's libtorch 1.13 on the machine must not crash dann4j on its first run (issue 7).
 *
 * <p>{@code apt install python3-torch} brings {@code libtorch1.13} and (recommended)
 * {@code libtorch-dev}, whose {@code /usr/lib/x86_64-linux-gnu/libtorch_cpu.so} has the very name
 * bytedeco's stub {@code libtorch.so} asks for. This test installs nothing: it unpacks the packages
 * this machine lacks into {@code ~/.cache/dann4j/} (once) and puts them on a child JVM's
 * {@code LD_LIBRARY_PATH} and {@code java.library.path}, with an empty JavaCPP cache. The linker
 * searches {@code LD_LIBRARY_PATH} even before the folder next to the stub, so this is harsher than
 * a system install, where only the first run (empty cache) binds the foreign copy.
 *
 * <p>A child that uses bytedeco directly must crash there, or the setup tests nothing; a child
 * running {@code dann4j info} must succeed. Downloading needs {@code apt-get} and the network; without
 * them the test is skipped with the reason. Tagged slow: the first run downloads about 125 MB, and
 * each child unpacks bytedeco's 330 MB libtorch_cpu.so into its empty cache (about 15 s together).
 */
@Tag("slow")
class ForeignLibtorchTest {
    private static final Path ROOT = Path.of(System.getProperty("user.home"), ".cache", "dann4j", "foreign-libtorch-1.13");
    private static final Path SYSROOT = ROOT.resolve("sysroot");
    private static final String MULTIARCH = "x86_64-linux-gnu";

    /**
     * Downloads libtorch1.13 and those of its dependencies apt would install here (what the machine
     * already has is found in the system folders anyway), plus libtorch-dev for the unversioned names.
     */
    private static final String UNPACK = String.join("\n",
            "set -eu",
            "mkdir -p debs sysroot && cd debs",
            "pkgs=$(apt-get install -s --no-install-recommends libtorch1.13 | awk '/^Inst /{print $2}')",
            "apt-get download $pkgs libtorch-dev",
            "for d in *.deb; do dpkg-deb -x \"$d\" ../sysroot; done",
            "touch ../sysroot/.complete");

    @Test
    void dannSurvivesAForeignLibtorchOnItsFirstRun(@TempDir Path dir) throws Exception {
        assumeTrue("amd64".equals(System.getProperty("os.arch")), "the Debian packages used are amd64");
        unpackDebianLibtorch(dir);
        Path lib = SYSROOT.resolve("usr/lib/" + MULTIARCH);
        assertTrue(Files.exists(lib.resolve("libtorch_cpu.so")), "no foreign libtorch_cpu.so in " + lib);
        // Where a system install would put them; blas/ and lapack/ stand for the links that
        // update-alternatives makes in the multiarch folder when the packages are installed.
        String foreignPath = String.join(File.pathSeparator, lib.toString(), lib.resolve("blas").toString(),
                lib.resolve("lapack").toString(), SYSROOT.resolve("lib/" + MULTIARCH).toString(),
                SYSROOT.resolve("usr/lib").toString());

        Result plain = runChild(dir.resolve("plain"), foreignPath, PlainBytedecoMain.class.getName());
        assertNotEquals(0, plain.exitCode, "plain bytedeco survived the foreign libtorch, so this setup "
                + "no longer tests anything; output:\n" + plain.output);
        assertTrue(plain.crashed, "plain bytedeco failed without a JVM crash:\n" + plain.output);

        Result dann = runChild(dir.resolve("dann4j"), foreignPath, Main.class.getName(), "info");
        assertEquals(0, dann.exitCode, "dann4j info failed:\n" + dann.output);
        assertTrue(dann.output.contains("gradient reversal  ok"), dann.output);
        assertFalse(dann.crashed, "hs_err file written:\n" + dann.output);
    }

    /** Unpacks the Debian packages under ~/.cache/dann4j once, or skips the test with the reason. */
    private static void unpackDebianLibtorch(Path dir) throws Exception {
        if (Files.exists(SYSROOT.resolve(".complete"))) {
            return;
        }
        assumeTrue(new File("/usr/bin/apt-get").canExecute() && new File("/usr/bin/dpkg-deb").canExecute(),
                "no apt-get / dpkg-deb: not a Debian system");
        Files.createDirectories(ROOT);
        Path log = dir.resolve("unpack.log");
        Process p = new ProcessBuilder("bash", "-c", UNPACK).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(20, TimeUnit.MINUTES);
        assumeTrue(done && p.exitValue() == 0,
                "could not download and unpack libtorch1.13 (no network?):\n" + tail(Files.readString(log)));
    }

    private record Result(int exitCode, String output, boolean crashed) {}

    /** A child JVM with the foreign libraries on its library paths and an empty JavaCPP cache. */
    private static Result runChild(Path dir, String foreignPath, String... mainAndArgs) throws Exception {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.library.path=" + foreignPath + File.pathSeparator + System.getProperty("java.library.path"),
                "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp-cache"),
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash"));
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        builder.environment().put("LD_LIBRARY_PATH", foreignPath);
        Process child = builder.start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child JVM hung");
        boolean crashed;
        try (Stream<Path> files = Files.list(dir)) {
            crashed = files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err"));
        }
        return new Result(child.exitValue(), Files.readString(dir.resolve("output.txt")), crashed);
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }
}
