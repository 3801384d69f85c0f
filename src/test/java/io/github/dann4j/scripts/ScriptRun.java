package io.github.dann4j.scripts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a shell script of the repository: exit status, standard output, standard error. */
record ScriptRun(int exit, String out, String err) {
    /** Runs {@code bash script args...} in {@code dir} with these variables added to the environment. */
    static ScriptRun of(Path dir, Map<String, String> environment, Path script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), script + " hung");
        return new ScriptRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Standard error as lines, without a trailing empty one. */
    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.strip().split("\n"));
    }
}
