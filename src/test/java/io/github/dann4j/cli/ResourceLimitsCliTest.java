package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's answers to inputs that ask for too much (issue 20, items 3 and 6): one line, exit 1
 * (2 for bad usage), no stack trace, no OutOfMemoryError, no hang, nothing built.
 */
class ResourceLimitsCliTest {

    private static Result quick(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(args));
    }

    private static void assertOneLine(Result result, int status, String start) {
        assertEquals(status, result.status(), result.err());
        assertTrue(result.err().startsWith("dann4j: " + start), result.err());
        assertFalse(result.err().contains("OutOfMemoryError") || result.err().contains("\tat "), result.err());
        assertEquals(status == 2 ? 2 : 1, result.err().strip().split("\n").length, result.err());
    }

    private static Path csv(Path dir) throws Exception {
        return Files.writeString(dir.resolve("s.csv"), "a,b,label\n0,1,0\n1,0,1\n0.5,0.5,0\n1,1,1\n");
    }

    @Test
    void aHugeBatchSizeIsOneLine(@TempDir Path dir) throws Exception {
        Path source = csv(dir);
        Result result = quick("train", "--source", source.toString(), "--source-only", "--steps", "1",
                "--batch-size", "2147483647", "--output", dir.resolve("run").toString());
        assertOneLine(result, 1, "--batch-size 2147483647 on the source (batches of 2147483647 samples of shape [2]) would"
                + " need 17.2 GB, over the limit of 4.3 GB (raise it with -Ddann4j.limit.memory=SIZE)");
    }

    @Test
    void aMillionThreadsAreRefusedNotStarted(@TempDir Path dir) throws Exception {
        Result result = quick("train", "--source", csv(dir).toString(), "--source-only", "--steps", "1", "--threads", "1000000",
                "--output", dir.resolve("run").toString());
        assertOneLine(result, 1, "--threads of 1000000 is over the limit of ");
    }

    @Test
    void aTwoRowCsvWithLabel150000DoesNotBuildA150001ClassModel(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("s.csv"), "a,label\n0.5,0\n0.7,150000\n");
        Result result = quick("train", "--source", source.toString(), "--source-only", "--steps", "1",
                "--output", dir.resolve("run").toString());
        assertOneLine(result, 1, source + ": line 3, column 'label': label 150000 asks for more than 10000 classes");
    }

    @Test
    void labelsBeyondAGivenClassifierAreRefusedBeforeBuilding(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("s.csv"), "a,label\n0.5,0\n0.7,4\n");
        Result result = quick("train", "--source", source.toString(), "--source-only", "--steps", "1", "--classifier", "8,3",
                "--output", dir.resolve("run").toString());
        assertOneLine(result, 1, "CSV " + source + " (labels in column 'label'): label 4 of sample 1 is out of range for 3"
                + " classes (labels 0 to 2)");
    }

    @Test
    void checkpointEveryBelowOneIsAUsageErrorBeforeAnyDataIsRead(@TempDir Path dir) {
        Path missing = dir.resolve("not-there.csv"); // reading it would be a different error
        for (String every : new String[] {"0", "-5"}) {
            Result result = quick("train", "--source", missing.toString(), "--source-only", "--checkpoint-every", every,
                    "--output", dir.resolve("run").toString());
            assertOneLine(result, 2, "--checkpoint-every must be at least 1, got " + every);
        }
        assertFalse(Files.exists(dir.resolve("run")), "nothing is created for a usage error");
    }
}
