package io.github.dann4j.distributed;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One rank of {@link RankFailureTest}: trains the MLP data-parallel for a long time (torchrun's
 * variables, collective timeout {@code TIMEOUT_S}), rank 0 checkpointing to {@code CKPT} every 20
 * steps and printing {@code CHECKPOINT step}. When the group fails it prints
 * {@code ERROR <millis since the last good step> <message>} and exits 1.
 *
 * <p>Arguments: {@code CKPT TIMEOUT_S}.
 */
public final class FaultRankMain {
    private FaultRankMain() {}

    public static void main(String[] args) {
        Path checkpoint = Path.of(args[0]);
        Duration timeout = Duration.ofMillis((long) (Double.parseDouble(args[1]) * 1000));
        DistributedConfig distributed = DistributedConfig.fromEnvironment(System.getenv())
                .withTimeouts(timeout, Duration.ofSeconds(60));
        TrainingConfig config = TrainingConfig.builder().steps(10_000_000).batchSizes(4, 4).seed(3)
                .distributed(distributed).build();
        long lastStep = System.nanoTime();
        try (DannModel model = EquivalenceRankMain.model(false);
                TensorDataset source = EquivalenceRankMain.data(false, 11, true);
                TensorDataset target = EquivalenceRankMain.data(false, 12, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            while (true) {
                trainer.step();
                lastStep = System.nanoTime();
                if (trainer.currentStep() % 20 == 0) {
                    trainer.saveCheckpoint(checkpoint);
                    if (trainer.isPrimary()) {
                        System.out.println("CHECKPOINT " + trainer.currentStep());
                    }
                }
                Thread.sleep(2); // a few hundred steps a second is plenty
            }
        } catch (RuntimeException | InterruptedException e) {
            System.out.println("ERROR " + (System.nanoTime() - lastStep) / 1_000_000 + " " + e.getMessage());
            System.out.flush();
            System.exit(1);
        }
    }
}
