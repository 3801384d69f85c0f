package io.github.dann4j.robustness;

import static io.github.dann4j.testing.Mutations.mutate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State files are input too: mutated and truncated state_dict files (through our pickle rewrite
 * and libtorch's unpickler) and checkpoints (libtorch's archive reader) must load or fail with an
 * IllegalArgumentException, never crash the JVM. Seeded, so a failure reproduces.
 */
class StateFilesFuzzTest {
    private static final int CASES = 100;

    @Test
    void mutatedStateDictFilesLoadOrFailCleanly(@TempDir Path dir) throws Exception {
        Path python = Path.of(getClass().getResource("/reference/python_state_dict.pt").toURI());
        byte[] original = Files.readAllBytes(python);
        Random random = new Random(20261127);
        int loaded = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            Path file = Files.write(dir.resolve("case" + i + ".pt"), mutate(original, random));
            try (PointerScope scope = new PointerScope()) {
                StateDict.load(file);
                loaded++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("cannot read state_dict"), e.getMessage());
                rejected++;
            }
        }
        assertEquals(CASES, loaded + rejected);
        assertTrue(rejected > 0, "no mutation was rejected: the fuzzing is not reaching the parser");
    }

    @Test
    void mutatedCheckpointsRestoreOrFailCleanly(@TempDir Path dir) throws Exception {
        Random random = new Random(7);
        double[][] x = new double[40][];
        int[] y = new int[40];
        for (int i = 0; i < 40; i++) {
            x[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
            y[i] = i % 2;
        }
        torch.manual_seed(0);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(8).classifier(2).discriminator(1).build();
                TensorDataset source = TensorDataset.labelled(x, y);
                TensorDataset target = TensorDataset.unlabelled(x);
                DannTrainer trainer = new DannTrainer(model, source, target,
                        TrainingConfig.builder().steps(100).batchSizes(8, 8).build())) {
            trainer.step();
            Path good = dir.resolve("good.ckpt");
            trainer.saveCheckpoint(good);
            byte[] original = Files.readAllBytes(good);
            int rejected = 0;
            for (int i = 0; i < CASES; i++) {
                Path file = Files.write(dir.resolve("case" + i + ".ckpt"), mutate(original, random));
                try {
                    trainer.restoreCheckpoint(file);
                } catch (IllegalArgumentException e) {
                    rejected++;
                }
            }
            assertTrue(rejected > 0, "no mutation was rejected: the fuzzing is not reaching the reader");
            trainer.step(); // still usable
        }
    }
}
