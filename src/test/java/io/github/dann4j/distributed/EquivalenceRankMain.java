package io.github.dann4j.distributed;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One process of {@link DistributedEquivalenceTest}: for the MLP and the digits network, in
 * float32 and float64, trains {@code STEPS} steps with batch {@code BATCH} per rank on tiny seeded
 * data, either alone (no {@code WORLD_SIZE}) or as one rank of a group from torchrun's variables,
 * and (rank 0) writes the final parameters, as float64 in state_dict order, to
 * {@code OUT/ARCH-DTYPE.bin}. Prints {@code TRAINED ARCH DTYPE loss} per run or {@code ERROR message}.
 *
 * <p>Arguments: {@code STEPS (OUT BATCH)...}: each folder and batch size in turn.
 */
public final class EquivalenceRankMain {
    private EquivalenceRankMain() {}

    public static void main(String[] args) throws IOException {
        long steps = Long.parseLong(args[0]);
        ProcessGroup group = null;
        try {
            if (DistributedConfig.requested(System.getenv())) {
                group = ProcessGroup.connect(DistributedConfig.fromEnvironment(System.getenv())
                        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60)));
            }
            for (int a = 1; a + 1 < args.length; a += 2) {
                for (String arch : new String[] {"mlp", "digits"}) {
                    for (torch.ScalarType dtype : new torch.ScalarType[] {torch.ScalarType.Float, torch.ScalarType.Double}) {
                        train(arch, dtype, steps, Integer.parseInt(args[a + 1]), group, Path.of(args[a]));
                    }
                }
            }
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(1);
        } finally {
            if (group != null) {
                group.close();
            }
        }
    }

    private static void train(String arch, torch.ScalarType dtype, long steps, int batch, ProcessGroup group, Path out)
            throws IOException {
        boolean digits = arch.equals("digits");
        TrainingConfig config = TrainingConfig.builder().steps(steps).batchSizes(batch, batch).seed(7).dtype(dtype).build();
        try (DannModel model = model(digits); TensorDataset source = data(digits, 11, true);
                TensorDataset target = data(digits, 12, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config, group)) {
            double loss = Double.NaN;
            while (trainer.currentStep() < trainer.totalSteps()) {
                loss = trainer.step().loss();
            }
            System.out.println("TRAINED " + arch + " " + dtype + " " + loss);
            if (trainer.isPrimary()) {
                write(model, out.resolve(arch + "-" + dtype + ".bin"));
            }
        }
    }

    static DannModel model(boolean digits) {
        // every rank starts from other weights: the broadcast from rank 0 must make them agree
        String rank = System.getenv("RANK");
        torch.manual_seed((digits ? 3 : 4) + 100L * (rank == null ? 0 : Integer.parseInt(rank)));
        return digits ? DannModel.digits(1, 28, 10) : DannModel.mlp(2).features(15).classifier(2).build();
    }

    /** 48 seeded samples: images {@code [48, 1, 28, 28]} with 10 classes, or points {@code [48, 2]} with 2. */
    static TensorDataset data(boolean digits, long seed, boolean labelled) {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(seed);
            Tensor x = digits ? torch.rand(48, 1, 28, 28) : torch.randn(48, 2);
            Tensor y = torch.randint(digits ? 10 : 2, new long[] {48});
            return labelled ? TensorDataset.labelled(x, y) : TensorDataset.unlabelled(x);
        }
    }

    static void write(DannModel model, Path file) throws IOException {
        try (PointerScope scope = new PointerScope();
                DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            for (Tensor t : model.stateTensors().values()) {
                for (double v : Tensors.toDoubles(t.to(torch.ScalarType.Double).contiguous())) {
                    data.writeDouble(v);
                }
            }
        }
    }
}
