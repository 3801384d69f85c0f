package io.github.dann4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a short script in the Python named by DANN4J_REFERENCE_PYTHON (a Python with torch; see
 * reference/README.md). Tests that need it are skipped, with the reason, when it is not set.
 */
public final class ReferencePython {
    private ReferencePython() {}

    /** The script's trimmed output; fails the test if it exits non-zero, skips it without a Python. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        String python = System.getenv("DANN4J_REFERENCE_PYTHON");
        Assumptions.assumeTrue(python != null && !python.isBlank(),
                "DANN4J_REFERENCE_PYTHON is not set: the Python side is skipped");
        List<String> command = new ArrayList<>(List.of(python, "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
