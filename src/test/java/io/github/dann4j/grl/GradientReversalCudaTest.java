package io.github.dann4j.grl;

import static io.github.dann4j.testing.TensorTestUtil.backward;
import static io.github.dann4j.testing.TensorTestUtil.randn;
import static io.github.dann4j.testing.TensorTestUtil.sameValues;
import static io.github.dann4j.testing.TensorTestUtil.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.testing.CudaAssumptions;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same op on CUDA tensors. Skipped, with the reason in the report, where CUDA is absent. */
class GradientReversalCudaTest {

    @BeforeEach
    void requireCuda() {
        CudaAssumptions.requireCuda(getClass());
    }

    @Test
    void forwardIsAViewAndBackwardReversesOnCuda() {
        try (PointerScope scope = new PointerScope()) {
            Device cuda = new Device(DeviceType.CUDA);
            for (ScalarType dtype : new ScalarType[] {ScalarType.Float, ScalarType.Double, ScalarType.Half}) {
                Tensor x = randn(dtype, cuda, 64, 32).requires_grad_(true);
                Tensor y = GradientReversal.apply(x, 0.75);
                assertTrue(y.is_cuda());
                assertEquals(x.data_ptr().address(), y.data_ptr().address());
                Tensor upstream = randn(dtype, cuda, 64, 32);
                backward(y, upstream);
                assertTrue(sameValues(x.grad(), scaled(upstream, -0.75)), "CUDA gradient for " + dtype);
            }
        }
    }
}
