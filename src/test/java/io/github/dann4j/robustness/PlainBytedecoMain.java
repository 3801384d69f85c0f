package io.github.dann4j.robustness;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Child process for {@link ForeignLibtorchTest}: bytedeco's pytorch used directly, without dann4j. */
public final class PlainBytedecoMain {
    private PlainBytedecoMain() {}

    public static void main(String[] args) {
        Tensor y = new LinearImpl(2, 3).forward(torch.randn(2, 2));
        System.out.println("plain bytedeco ok: " + y.size(0) + "x" + y.size(1));
    }
}
