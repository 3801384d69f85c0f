package io.github.dann4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Parameter counts from layer sizes alone, and the builders refusing models past the limits before building. */
class ModelSizeTest {

    private static long built(DannModel model) {
        long total = 0;
        for (Tensor t : model.stateTensors().values()) {
            total += t.numel();
        }
        return total;
    }

    @Test
    void countsMatchTheBuiltModels() {
        long[] features = {16, 8};
        long[] classifier = {5, 3};
        long[] discriminator = {4, 1};
        try (DannModel mlp = DannModel.mlp(7).features(features).classifier(classifier).discriminator(discriminator).build()) {
            assertEquals(built(mlp), ModelSize.mlp(7, features, classifier, discriminator));
        }
        try (DannModel digits = DannModel.digits(3, 28, 10, 100, 1)) {
            assertEquals(built(digits), ModelSize.digits(3, 28, 10, new long[] {100, 1}));
        }
    }

    @Test
    void hugeLayersAreRefusedBeforeAnythingIsAllocated() {
        // 100,000 x 100,000 float32 weights would be 40 GB; refused from the sizes, at once.
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
                IllegalArgumentException.class, () -> DannModel.mlp(2).features(100_000, 100_000).classifier(2).build()));
        assertTrue(e.getMessage().startsWith("a model with feature layers [100000, 100000], classifier [2] and discriminator [1]"
                + " (10,000,700,003 parameters) would need 40.0 GB, over the limit"), e.getMessage());
    }

    @Test
    void sizesThatOverflowAreRefused() {
        long huge = Long.MAX_VALUE / 2;
        assertEquals(Long.MAX_VALUE, ModelSize.mlp(huge, new long[] {huge}, new long[] {2}, new long[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DannModel.mlp(huge).features(huge).classifier(2).build());
        assertTrue(e.getMessage().contains("(more than 2^63 parameters) would need more than 2^63 bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DannModel.digits(3, 1_000_000, 10));
        assertTrue(e.getMessage().startsWith("the digits network for 3x1000000x1000000 inputs and 10 classes"), e.getMessage());
    }

    @Test
    void classesPastTheLimitAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DannModel.mlp(2).features(4).classifier(150_001).build());
        assertTrue(e.getMessage().endsWith("has 150001 classes, over the limit of 10000 (raise it with -Ddann4j.limit.classes=N)"),
                e.getMessage());
    }
}
