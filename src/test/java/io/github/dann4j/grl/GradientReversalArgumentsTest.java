package io.github.dann4j.grl;

import static io.github.dann4j.testing.TensorTestUtil.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.NativeOpException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gives a clear Java exception, checked before any native call; never a crash. */
class GradientReversalArgumentsTest {

    private static IllegalArgumentException rejected(Tensor input, double lambda) {
        return assertThrows(IllegalArgumentException.class, () -> GradientReversal.apply(input, lambda));
    }

    @Test
    void nullInput() {
        assertTrue(rejected(null, 1).getMessage().contains("input tensor is null"));
    }

    @Test
    void closedInput() {
        Tensor x = torch.ones(2);
        x.close();
        assertTrue(rejected(x, 1).getMessage().contains("closed"));
    }

    @Test
    void inputDeallocatedByItsScope() {
        Tensor x;
        try (PointerScope scope = new PointerScope()) {
            x = torch.ones(2);
        }
        assertTrue(rejected(x, 1).getMessage().contains("closed"));
    }

    @Test
    void undefinedInput() {
        try (PointerScope scope = new PointerScope()) {
            assertTrue(rejected(new Tensor(), 1).getMessage().contains("undefined"));
        }
    }

    @Test
    void offsetPointerInput() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.ones(2);
            x.position(1);
            assertTrue(rejected(x, 1).getMessage().contains("position 1"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Long", "Int", "Bool"})
    void nonFloatingDtype(String dtype) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.ones(new long[] {2, 3}, new TensorOptions(ScalarType.valueOf(dtype)));
            String message = rejected(x, 1).getMessage();
            assertTrue(message.contains("floating-point") && message.contains(dtype) && message.contains("[2, 3]"), message);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteLambda(double lambda) {
        try (PointerScope scope = new PointerScope()) {
            assertTrue(rejected(torch.ones(2), lambda).getMessage().contains("lambda must be finite"));
        }
    }

    @Test
    void nativeErrorsArriveAsJavaExceptionsWithOpNameAndShape() {
        try (PointerScope scope = new PointerScope()) {
            // Bypass the Java checks to reach libtorch's own TORCH_CHECK.
            Tensor ints = torch.ones(new long[] {2, 3}, new TensorOptions(ScalarType.Long));
            NativeOpException e = assertThrows(NativeOpException.class, () -> GradientReversal.invokeNative(ints, 1));
            assertEquals("gradient_reversal", e.operation());
            assertTrue(e.getMessage().startsWith("gradient_reversal failed on input of shape [2, 3] (Long, cpu)"), e.getMessage());
            assertTrue(e.getMessage().contains("floating-point"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception raised from"), "C++ backtrace leaked: " + e.getMessage());

            NativeOpException nan = assertThrows(NativeOpException.class,
                    () -> GradientReversal.invokeNative(torch.ones(2), Double.NaN));
            assertTrue(nan.getMessage().contains("lambda must be finite"), nan.getMessage());

            // The process survives and the op still works afterwards.
            Tensor x = randn(ScalarType.Float, 2);
            assertTrue(GradientReversal.apply(x, 1).equal(x));
        }
    }
}
