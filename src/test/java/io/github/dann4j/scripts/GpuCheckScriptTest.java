package io.github.dann4j.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/gpu_check.sh's arguments, and its one line where there is no GPU. It builds nothing here. */
class GpuCheckScriptTest {
    private static final Path SCRIPT = Path.of("scripts", "gpu_check.sh");
    private static final String USAGE = "usage: scripts/gpu_check.sh [--quick] [--python PATH] [--data DIR]";

    @Test
    void badArgumentsAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        ScriptRun unknown = ScriptRun.of(dir, Map.of(), SCRIPT, "--quick", "--fast");
        assertEquals(2, unknown.exit());
        assertEquals(List.of("gpu_check.sh: unknown argument '--fast'; " + USAGE), unknown.errLines());
        ScriptRun noValue = ScriptRun.of(dir, Map.of(), SCRIPT, "--data");
        assertEquals(2, noValue.exit());
        assertEquals(List.of("gpu_check.sh: --data needs a value; " + USAGE), noValue.errLines());
    }

    @Test
    void helpDescribesTheChecks(@TempDir Path dir) throws Exception {
        ScriptRun help = ScriptRun.of(dir, Map.of(), SCRIPT, "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("--quick") && help.out().contains("MNIST -> MNIST-M")
                && help.out().contains("under 8 minutes"), help.out());
    }

    @Test
    void withoutAGpuItStopsAtOnceInOneLine(@TempDir Path dir) throws Exception {
        assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")),
                "this machine has an NVIDIA driver: scripts/gpu_check.sh would run the whole check");
        for (String[] args : new String[][] {{}, {"--quick"}, {"--quick", "--data", dir.toString()}}) {
            ScriptRun run = ScriptRun.of(dir, Map.of(), SCRIPT, args);
            assertEquals(1, run.exit(), run.err());
            assertEquals(List.of("gpu_check.sh: no NVIDIA GPU here (no NVIDIA driver: /proc/driver/nvidia/version "
                    + "absent); run it on a machine with one"), run.errLines());
            assertEquals("", run.out());
        }
    }
}
