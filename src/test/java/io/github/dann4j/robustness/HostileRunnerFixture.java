package io.github.dann4j.robustness;

import io.github.dann4j.cli.Main;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/**
 * What {@link HostileFileRunner} loads crafted files into: the small model
 * ({@code DannModel.mlp(2).features(8).classifier(2).discriminator(1)}), its eight-row data set
 * (also written as CSV files for the CLI), the training settings, the CLI's {@code train} arguments,
 * and the control file each mode must load.
 */
final class HostileRunnerFixture {
    private HostileRunnerFixture() {}

    static final String SOURCE_CSV = "hostile-source.csv";
    static final String TARGET_CSV = "hostile-target.csv";
    private static final double[][] X = {
        {0.5, -1.0}, {1.5, 0.25}, {-0.75, 0.5}, {0.0, 2.0}, {-1.25, -0.5}, {2.0, 1.0}, {0.25, -0.25}, {-2.0, 0.75}};
    private static final int[] Y = {0, 1, 0, 1, 0, 1, 0, 1};

    /** What train writes for an MLP with --features 8 --classifier 2 --discriminator 1 on 2 features. */
    static final String MODEL_PROPERTIES = String.join("\n", "architecture=mlp", "sample_shape=2", "feature_sizes=8",
            "classifier_sizes=2", "discriminator_sizes=1", "activation=relu", "domain_output=logits",
            "format_version=2", "");

    static DannModel model() {
        torch.manual_seed(0);
        return DannModel.mlp(2).features(8).classifier(2).discriminator(1).build();
    }

    static TensorDataset source() {
        return TensorDataset.labelled(X, Y);
    }

    static TensorDataset target() {
        return TensorDataset.unlabelled(X);
    }

    static TrainingConfig config() {
        return TrainingConfig.builder().steps(100).batchSizes(4, 4).build();
    }

    static void writeData(Path work) throws IOException {
        StringBuilder labelled = new StringBuilder("x0,x1,label\n");
        StringBuilder unlabelled = new StringBuilder("x0,x1\n");
        for (int i = 0; i < X.length; i++) {
            labelled.append(X[i][0]).append(',').append(X[i][1]).append(',').append(Y[i]).append('\n');
            unlabelled.append(X[i][0] + 0.5).append(',').append(X[i][1] - 0.5).append('\n');
        }
        Files.writeString(work.resolve(SOURCE_CSV), labelled);
        Files.writeString(work.resolve(TARGET_CSV), unlabelled);
    }

    static String[] trainArguments(Path work, String output, String option, String file) {
        List<String> args = new ArrayList<>(List.of("train", "--source", work.resolve(SOURCE_CSV).toString(),
                "--target", work.resolve(TARGET_CSV).toString(), "--architecture", "mlp", "--features", "8",
                "--classifier", "2", "--discriminator", "1", "--steps", "2", "--batch-size", "4", "--threads", "1",
                "--output", work.resolve(output).toString()));
        if (option != null) {
            args.add(option);
            args.add(file);
        }
        return args.toArray(String[]::new);
    }

    /**
     * The control case, a file written here by the current code: a state_dict from
     * {@code StateDict.save} (load, into, cli-evaluate, cli-init) or a checkpoint from
     * {@code saveCheckpoint} (checkpoint) or from {@code dann4j train} (cli-resume).
     */
    static Path controlFile(String mode, Path work) {
        if (!mode.equals("checkpoint") && !mode.equals("cli-resume")) {
            Path file = work.resolve("control.pt");
            try (PointerScope scope = new PointerScope(); DannModel model = model()) {
                StateDict.save(model, file);
            }
            return file;
        }
        if (mode.equals("cli-resume")) {
            Path out = work.resolve("control-run");
            int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                    trainArguments(work, "control-run", null, null));
            if (status != 0) {
                throw new IllegalStateException("the control training run failed with status " + status);
            }
            return out.resolve("checkpoint.ckpt");
        }
        Path file = work.resolve("control.ckpt");
        try (PointerScope scope = new PointerScope(); DannModel model = model(); TensorDataset s = source();
                TensorDataset t = target(); DannTrainer trainer = new DannTrainer(model, s, t, config())) {
            trainer.step();
            trainer.saveCheckpoint(file);
        }
        return file;
    }
}
