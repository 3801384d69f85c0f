package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM rewrites a checkpoint in a loop and is killed with SIGKILL at a random moment; the
 * checkpoint it leaves must always be a complete one that restores. {@code -Ddann4j.kill.trials=N}
 * runs a longer campaign.
 */
class KillDuringSaveTest {
    private static final int TRIALS = Integer.getInteger("dann4j.kill.trials", 4);

    @Test
    void killingTheWriterNeverLeavesATornCheckpoint(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        Path checkpoint = dir.resolve("run.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int restored = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CheckpointWriterMain.class.getName(), checkpoint.toString())
                    .redirectError(new File(dir.toFile(), "child" + trial + ".err")).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String first = out.readLine(); // wait until one checkpoint exists (trial 0) and the loop runs
            assertTrue(first != null && first.startsWith("saved"), "child did not start: " + first);
            Thread.sleep(random.nextInt(400));
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            try (DannModel model = CheckpointWriterMain.model();
                    TensorDataset s = CheckpointWriterMain.source();
                    TensorDataset t = CheckpointWriterMain.target();
                    DannTrainer trainer = new DannTrainer(model, s, t, CheckpointWriterMain.config())) {
                trainer.restoreCheckpoint(checkpoint); // throws if the file is torn
                assertTrue(trainer.currentStep() >= 1);
                restored++;
            }
        }
        assertEquals(TRIALS, restored, "checkpoints lost");
        System.out.printf("kill during save: %d trials, %d checkpoints restored, 0 lost%n", TRIALS, restored);
    }
}
