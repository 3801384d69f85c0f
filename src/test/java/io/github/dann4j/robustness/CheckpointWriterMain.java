package io.github.dann4j.robustness;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/** Child process for {@link KillDuringSaveTest}: trains and rewrites one checkpoint file until killed. */
public final class CheckpointWriterMain {
    private CheckpointWriterMain() {}

    static DannModel model() {
        torch.manual_seed(0);
        return DannModel.digits(1, 28, 10);
    }

    static TrainingConfig config() {
        return TrainingConfig.builder().steps(1_000_000).batchSizes(4, 4).build();
    }

    static TensorDataset source() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(1);
            return TensorDataset.labelled(torch.rand(16, 1, 28, 28), torch.randint(10, new long[] {16}));
        }
    }

    static TensorDataset target() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(2);
            return TensorDataset.unlabelled(torch.rand(16, 1, 28, 28));
        }
    }

    public static void main(String[] args) {
        Libtorch.load(); // before any bytedeco class, as an application must (a CUDA build's libraries)
        Path file = Path.of(args[0]);
        try (DannModel model = model(); TensorDataset s = source(); TensorDataset t = target();
                DannTrainer trainer = new DannTrainer(model, s, t, config())) {
            for (long n = 1; ; n++) {
                trainer.step();
                trainer.saveCheckpoint(file);
                System.out.println("saved " + n);
                System.out.flush();
            }
        }
    }
}
