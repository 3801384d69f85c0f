package io.github.dann4j.grl;

import static io.github.dann4j.testing.TensorTestUtil.backward;
import static io.github.dann4j.testing.TensorTestUtil.randn;
import static io.github.dann4j.testing.TensorTestUtil.sameValues;
import static io.github.dann4j.testing.TensorTestUtil.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class GradientReversalLayerTest {

    @Test
    void lambdaSetBetweenStepsIsUsedByTheNextForward() {
        GradientReversalLayer layer = new GradientReversalLayer();
        assertEquals(1.0, layer.getLambda());
        for (double lambda : new double[] {0.0, 0.25, 0.9}) {
            layer.setLambda(lambda);
            try (PointerScope scope = new PointerScope()) {
                Tensor x = randn(ScalarType.Float, 3, 2).requires_grad_(true);
                Tensor upstream = randn(ScalarType.Float, 3, 2);
                backward(layer.apply(x), upstream);
                assertTrue(sameValues(x.grad(), scaled(upstream, -lambda)), "lambda " + lambda + " not applied");
            }
        }
    }

    @Test
    void badLambdaIsRejectedAndTheOldOneKept() {
        GradientReversalLayer layer = new GradientReversalLayer(0.3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.setLambda(Double.NaN));
        assertTrue(e.getMessage().contains("lambda must be finite"));
        assertEquals(0.3, layer.getLambda());
        assertThrows(IllegalArgumentException.class, () -> new GradientReversalLayer(Double.POSITIVE_INFINITY));
        assertEquals("GradientReversalLayer(lambda=0.3)", layer.toString());
    }
}
