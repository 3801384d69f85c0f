package io.github.dann4j.distributed;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One rank of {@link DistributedResumeTest}: the digits network, 40 steps, batch 4 a rank, data-parallel
 * from torchrun's variables. {@code straight CKPT OUT}: trains all 40 steps, saving a checkpoint at
 * step 20, and writes the parameters to {@code OUT}; {@code resume CKPT OUT}: restores the
 * checkpoint in fresh processes (each rank from other weights) and trains the remaining 20.
 */
public final class ResumeRankMain {
    private ResumeRankMain() {}

    public static void main(String[] args) throws Exception {
        boolean resume = args[0].equals("resume");
        Path checkpoint = Path.of(args[1]);
        DistributedConfig distributed = DistributedConfig.fromEnvironment(System.getenv())
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
        TrainingConfig config = TrainingConfig.builder().steps(40).batchSizes(4, 4).seed(5).distributed(distributed).build();
        try (DannModel model = EquivalenceRankMain.model(true);
                TensorDataset source = EquivalenceRankMain.data(true, 11, true);
                TensorDataset target = EquivalenceRankMain.data(true, 12, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            if (resume) {
                trainer.restoreCheckpoint(checkpoint);
                System.out.println("RESUMED " + trainer.currentStep());
            }
            while (trainer.currentStep() < trainer.totalSteps()) {
                trainer.step();
                if (!resume && trainer.currentStep() == 20) {
                    trainer.saveCheckpoint(checkpoint);
                }
            }
            if (trainer.isPrimary()) {
                EquivalenceRankMain.write(model, Path.of(args[2]));
            }
            System.out.println("DONE");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(1);
        }
    }
}
