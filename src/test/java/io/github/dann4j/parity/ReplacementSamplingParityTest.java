package io.github.dann4j.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.train.ReplacementSampler;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code --sampling replacement} draws PyTorch's indices (reference case 7,
 * {@code replacement_sampling.pt}): for each (n, batch, seed) the batches of
 * {@code g = torch.Generator().manual_seed(seed); torch.randint(n, (batch,), generator=g)}, equal
 * index for index.
 */
class ReplacementSamplingParityTest {

    @Test
    void batchesEqualTorchRandintFromASeededGenerator() {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load("replacement_sampling.pt");
            int cases = 0;
            for (int i = 0; ref.containsKey("case" + i + ".n"); i++, cases++) {
                int n = (int) ref.get("case" + i + ".n").item_long();
                long seed = ref.get("case" + i + ".seed").item_long();
                Tensor indices = ref.get("case" + i + ".indices");
                int batches = (int) indices.size(0);
                int batch = (int) indices.size(1);
                long[] expected = Tensors.toLongs(indices);
                try (ReplacementSampler sampler = new ReplacementSampler(n, seed)) {
                    for (int k = 0; k < batches; k++) {
                        assertArrayEquals(Arrays.copyOfRange(expected, k * batch, (k + 1) * batch), sampler.next(batch),
                                "n " + n + ", seed " + seed + ", batch " + k);
                    }
                }
            }
            assertEquals(5, cases, "the cases of reference/make_references.py");
        }
    }
}
