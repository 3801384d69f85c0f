package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher sets torchrun's variables, prefixes output with the rank, and stops the others when one fails. */
class LauncherTest {
    @Test
    void aFailingWorkerIsNamedAndTheOthersAreStopped() throws Exception {
        StringWriter text = new StringWriter();
        LaunchOptions options = new LaunchOptions(3, 2, 0, "127.0.0.1", 29999, Duration.ofSeconds(1));
        long started = System.nanoTime();
        int status = Launcher.run(Launcher.javaCommand(ExitMain.class.getName(), List.of()), options,
                new PrintWriter(text));
        double seconds = (System.nanoTime() - started) / 1e9;
        String out = text.toString();
        assertEquals(3, status, out);
        assertTrue(out.contains("[rank 0] hello from 0 of 6 local 0 at 127.0.0.1:29999"), out);
        assertTrue(out.contains("[rank 2] hello from 2 of 6 local 2"), out);
        assertTrue(out.contains("[launcher] rank 1 exited with code 3; stopping the other ranks"), out);
        assertTrue(seconds < 30, "the sleeping workers were not stopped: " + seconds + " s");
    }

    @Test
    void describesSignalsAndChecksOptions() {
        assertEquals("was killed by signal 9 (SIGKILL)", Launcher.describe(137));
        assertEquals("exited with code 1", Launcher.describe(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LaunchOptions(0, 1, 0, "127.0.0.1", 29500, Duration.ZERO));
        assertTrue(e.getMessage().contains("--nproc-per-node must be in 1..1024, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LaunchOptions(2, 1, 0, "127.0.0.1", 0, Duration.ZERO));
        assertTrue(e.getMessage().contains("master port must be in 1..65535, got 0"), e.getMessage());
    }
}
