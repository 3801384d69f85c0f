package io.github.dann4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a short script, or a script file of {@code reference/}, in the Python named by
 * DANN4J_REFERENCE_PYTHON (a Python with what the script imports; see reference/README.md). Tests
 * that need it are skipped, with the reason, when it is not set.
 */
public final class ReferencePython {
    private ReferencePython() {}

    /** The script's trimmed output; fails the test if it exits non-zero, skips it without a Python. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python(), "-c", script));
        command.addAll(List.of(args));
        return execute(command);
    }

    /**
     * {@link #run}, for a script file ({@code python file args...}): its trimmed output (stdout and
     * stderr); fails the test if it exits non-zero or the file is missing, skips it without a Python.
     */
    public static String runFile(Path script, String... args) throws IOException, InterruptedException {
        String python = python();
        assertTrue(Files.isRegularFile(script), "no Python script " + script.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(python, script.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return execute(command);
    }

    /**
     * The Python named by DANN4J_REFERENCE_PYTHON; skips the test, with the reason, without one
     * (call it first in a test whose set-up is long, so that a skip costs nothing).
     */
    public static String python() {
        String python = System.getenv("DANN4J_REFERENCE_PYTHON");
        Assumptions.assumeTrue(python != null && !python.isBlank(),
                "DANN4J_REFERENCE_PYTHON is not set: the Python side is skipped");
        return python;
    }

    private static String execute(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
