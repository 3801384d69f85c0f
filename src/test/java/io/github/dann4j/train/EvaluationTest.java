package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void proxyADistanceIsNearTwoForSeparatedAndNearZeroForIdenticalDomains() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(0);
            Tensor a = torch.randn(400, 5);
            Tensor far = torch.randn(400, 5).add(new Scalar(4.0));
            Tensor same = torch.randn(400, 5);
            double separated = Evaluation.proxyADistance(a, far, 200, 1);
            double identical = Evaluation.proxyADistance(a, same, 200, 1);
            assertTrue(separated > 1.9, "separated domains: " + separated);
            assertTrue(identical < 0.4, "identical distributions: " + identical);
            assertEquals(identical, Evaluation.proxyADistance(a, same, 200, 1), "seeded: repeatable");
        }
    }

    @Test
    void proxyADistanceRejectsBadShapes() {
        try (PointerScope scope = new PointerScope()) {
            assertThrows(IllegalArgumentException.class, () -> Evaluation.proxyADistance(torch.randn(10, 3), torch.randn(10, 4), 10, 0));
            assertThrows(IllegalArgumentException.class, () -> Evaluation.proxyADistance(torch.randn(1, 3), torch.randn(10, 3), 10, 0));
        }
    }
}
