package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trainer serves one thread at a time: a second thread is refused, not allowed to crash libtorch. */
class TrainerConcurrencyTest {
    @Test
    void aSecondThreadIsRefusedWhileTheFirstTrains(@TempDir Path dir) throws Exception {
        ToyData data = ToyData.blobs(64, 1, 0);
        torch.manual_seed(0);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(8).classifier(2).discriminator(1).build();
                TensorDataset source = TensorDataset.labelled(data.features, data.labels);
                TensorDataset target = TensorDataset.unlabelled(data.features);
                DannTrainer trainer = new DannTrainer(model, source, target,
                        TrainingConfig.builder().steps(50).batchSizes(8, 8).build())) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = pool.submit(() -> trainer.run(m -> {
                if (m.step() == 3) {
                    trainer.saveCheckpoint(dir.resolve("inside.ckpt")); // the running thread may re-enter
                    running.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            for (Runnable call : new Runnable[] {trainer::step, () -> trainer.run(null),
                    () -> trainer.saveCheckpoint(dir.resolve("x.ckpt")), () -> trainer.restoreCheckpoint(dir.resolve("inside.ckpt")),
                    trainer::close}) {
                String message = assertThrows(IllegalStateException.class, call::run).getMessage();
                assertTrue(message.contains("in use by thread"), message);
            }
            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            assertEquals(50, trainer.currentStep());
            trainer.close();
            trainer.close(); // idempotent
            assertTrue(assertThrows(IllegalStateException.class, trainer::step).getMessage().contains("closed"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A listener that closes the trainer ends the run with an IllegalStateException, not a freed optimizer in use. */
    @Test
    void closingFromAListenerStopsTheRun() {
        ToyData data = ToyData.blobs(32, 2, 0);
        torch.manual_seed(0);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(4).classifier(2).discriminator(1).build();
                TensorDataset source = TensorDataset.labelled(data.features, data.labels);
                TensorDataset target = TensorDataset.unlabelled(data.features);
                DannTrainer trainer = new DannTrainer(model, source, target,
                        TrainingConfig.builder().steps(20).batchSizes(4, 4).build())) {
            String message = assertThrows(IllegalStateException.class, () -> trainer.run(m -> {
                if (m.step() == 2) {
                    trainer.close();
                }
            })).getMessage();
            assertTrue(message.contains("closed"), message);
            assertEquals(3, trainer.currentStep());
            assertThrows(IllegalStateException.class, () -> trainer.saveCheckpoint(Path.of("never.ckpt")));
        }
    }
}
