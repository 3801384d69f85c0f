package io.github.dann4j.distributed;

import io.github.dann4j.internal.Tensors;
import java.time.Duration;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A rank for {@link ProcessGroupTest}: joins from torchrun's variables, then allreduces
 * {@code (rank+1) * [1, 2, 3]} (float64), broadcasts rank 0's {@code [rank + 10]}, meets at a
 * barrier, and prints {@code SUM ...}, {@code BROADCAST ...} and {@code DONE}. Failures print
 * {@code ERROR message} and exit 1.
 */
public final class CollectivesMain {
    private CollectivesMain() {}

    public static void main(String[] args) {
        DistributedConfig config = DistributedConfig.fromEnvironment(System.getenv())
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60));
        try (ProcessGroup group = ProcessGroup.connect(config); PointerScope scope = new PointerScope()) {
            double r = group.rank() + 1.0;
            Tensor t = Tensors.fromDoubles(new double[] {r, 2 * r, 3 * r}, torch.ScalarType.Double, 3);
            group.allreduceSum(t);
            System.out.println("SUM " + Arrays.toString(Tensors.toDoubles(t)));
            Tensor b = Tensors.fromDoubles(new double[] {group.rank() + 10.0}, torch.ScalarType.Double, 1);
            group.broadcast(b, 0);
            System.out.println("BROADCAST " + Tensors.toDoubles(b)[0]);
            group.barrier();
            System.out.println("DONE");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getMessage());
            if (System.getenv("DEBUG") != null) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }
}
