package io.github.dann4j.grl;

import static io.github.dann4j.testing.TensorTestUtil.randn;
import static io.github.dann4j.testing.TensorTestUtil.sameValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.TensorChecks;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GradientReversalForwardTest {

    private static void assertIsView(Tensor input, Tensor output) {
        assertTrue(sameValues(input, output), "values differ");
        assertEquals(input.data_ptr().address(), output.data_ptr().address(), "storage is not shared");
        assertTrue(output.is_alias_of(input), "output is not an alias of the input");
        assertArrayEquals(TensorChecks.shape(input), TensorChecks.shape(output), "shape differs");
        for (int d = 0; d < input.dim(); d++) {
            assertEquals(input.stride(d), output.stride(d), "stride " + d + " differs");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Float", "Double", "Half", "BFloat16"})
    void forwardIsAViewWithIdenticalValues(ScalarType dtype) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = randn(dtype, 4, 5);
            Tensor y = GradientReversal.apply(x, 1.0);
            assertEquals(dtype, y.scalar_type().intern());
            assertIsView(x, y);
        }
    }

    @Test
    void nonContiguousInputsKeepTheirLayout() {
        try (PointerScope scope = new PointerScope()) {
            Tensor base = randn(ScalarType.Float, 6, 8);
            Tensor[] views = {
                base.t(),
                base.slice(1, new LongOptional(1), new LongOptional(7), 2),
                base.select(0, 3),
            };
            for (Tensor x : views) {
                assertFalse(x.dim() == 2 && x.is_contiguous(), "test input should be non-contiguous");
                assertIsView(x, GradientReversal.apply(x, 0.5));
            }
        }
    }

    @Test
    void zeroDimAndEmptyTensors() {
        try (PointerScope scope = new PointerScope()) {
            Tensor scalar = randn(ScalarType.Float);
            Tensor y = GradientReversal.apply(scalar, 1.0);
            assertEquals(0, y.dim());
            assertEquals(scalar.item_double(), y.item_double());

            Tensor empty = torch.empty(0, 7);
            Tensor e = GradientReversal.apply(empty, 1.0);
            assertArrayEquals(new long[] {0, 7}, TensorChecks.shape(e));
            assertEquals(0, e.numel());
        }
    }

    @Test
    void requiresGradPropagates() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = randn(ScalarType.Float, 3).requires_grad_(true);
            Tensor y = GradientReversal.apply(x, 1.0);
            assertTrue(y.requires_grad());
            assertTrue(y.grad_fn().name().getString().contains("GradientReversal"),
                    "grad_fn is " + y.grad_fn().name().getString());

            Tensor plain = randn(ScalarType.Float, 3);
            Tensor z = GradientReversal.apply(plain, 1.0);
            assertFalse(z.requires_grad());
            assertNull(z.grad_fn());
        }
    }

    @Test
    void underNoGradItIsAPlainIdentity() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = randn(ScalarType.Float, 3).requires_grad_(true);
            Tensor y;
            Tensor plainView;
            try (NoGradGuard guard = new NoGradGuard()) {
                y = GradientReversal.apply(x, 1.0);
                plainView = x.view_as(x);
            }
            assertNull(y.grad_fn(), "no node may be recorded under no-grad");
            // PyTorch keeps requires_grad on a view made under no-grad; the op behaves the same.
            assertEquals(plainView.requires_grad(), y.requires_grad());
            assertIsView(x, y);
        }
    }
}
