package io.github.dann4j.grl;

import static io.github.dann4j.testing.TensorTestUtil.backward;
import static io.github.dann4j.testing.TensorTestUtil.fromDoubles;
import static io.github.dann4j.testing.TensorTestUtil.grad;
import static io.github.dann4j.testing.TensorTestUtil.randn;
import static io.github.dann4j.testing.TensorTestUtil.sameValues;
import static io.github.dann4j.testing.TensorTestUtil.scaled;
import static io.github.dann4j.testing.TensorTestUtil.toDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.EdgeVector;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GradientReversalBackwardTest {

    /** Ordinary autograd ops with the GRL's semantics: forward x, backward -lambda. The reference. */
    static Tensor detachTrick(Tensor x, double lambda) {
        Tensor scaledX = scaled(x, -lambda);
        return x.detach().add(scaledX.sub(scaledX.detach()));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.5, 0.0, 2.0, 1e-3})
    void gradientIsExactlyMinusLambdaTimesUpstream(double lambda) {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(Double.hashCode(lambda));
            Tensor x = randn(ScalarType.Float, 7, 3).requires_grad_(true);
            Tensor upstream = randn(ScalarType.Float, 7, 3);
            backward(GradientReversal.apply(x, lambda), upstream);
            assertTrue(sameValues(x.grad(), scaled(upstream, -lambda)), "gradient is not exactly -lambda * g");
        }
    }

    @Test
    void lambdaIsNotAnInputOfTheGraph() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = randn(ScalarType.Float, 2).requires_grad_(true);
            Tensor y = GradientReversal.apply(x, 0.5);
            // One edge only: back to x. lambda is a plain double, so nothing can receive its gradient.
            EdgeVector edges = y.grad_fn().next_edges();
            assertEquals(1, edges.size());
            assertTrue(edges.get(0).function().name().getString().contains("AccumulateGrad"));
        }
    }

    @Test
    void linearGrlLinearMatchesTheDetachTrickReference() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(7);
            LinearImpl first = new LinearImpl(5, 4);
            LinearImpl second = new LinearImpl(4, 2);
            Tensor x = randn(ScalarType.Float, 6, 5);
            double lambda = 0.3;

            List<Tensor> ours = parameterGradients(first, second, x, h -> GradientReversal.apply(h, lambda));
            List<Tensor> reference = parameterGradients(first, second, x, h -> detachTrick(h, lambda));
            assertEquals(4, ours.size());
            for (int i = 0; i < ours.size(); i++) {
                assertTrue(sameValues(ours.get(i), reference.get(i)), "parameter gradient " + i + " differs");
            }
            // The reversal must show: the first layer's gradient is -lambda times the one without GRL.
            List<Tensor> plain = parameterGradients(first, second, x, h -> h);
            assertTrue(torch.allclose(ours.get(0), scaled(plain.get(0), -lambda)));
        }
    }

    private static List<Tensor> parameterGradients(LinearImpl first, LinearImpl second, Tensor x, UnaryOperator<Tensor> middle) {
        first.zero_grad(true);
        second.zero_grad(true);
        Tensor loss = second.forward(middle.apply(first.forward(x))).pow(new org.bytedeco.pytorch.Scalar(2)).sum();
        loss.backward();
        List<Tensor> grads = new ArrayList<>();
        for (TensorVector params : new TensorVector[] {first.parameters(), second.parameters()}) {
            for (Tensor p : params.get()) {
                grads.add(p.grad().clone());
            }
        }
        return grads;
    }

    @Test
    void finiteDifferenceGradcheckInFloat64() {
        Random random = new Random(11);
        long[][] shapes = {{3}, {2, 3}, {2, 2, 2}, {1, 5}, {4, 1, 2}};
        for (long[] shape : shapes) {
            try (PointerScope scope = new PointerScope()) {
                double lambda = 0.1 + random.nextDouble() * 2;
                int n = 1;
                for (long s : shape) n *= (int) s;
                double[] values = random.doubles(n, -2, 2).toArray();
                Tensor w = fromDoubles(random.doubles(n, -1, 1).toArray(), shape);
                UnaryOperator<Tensor> f = in -> GradientReversal.apply(in, lambda).sin().mul(w).sum();

                Tensor x = fromDoubles(values, shape).requires_grad_(true);
                double[] analytic = toDoubles(grad(f.apply(x), x, false));
                double eps = 1e-6;
                for (int i = 0; i < n; i++) {
                    double[] plus = values.clone(), minus = values.clone();
                    plus[i] += eps;
                    minus[i] -= eps;
                    double numeric = (f.apply(fromDoubles(plus, shape)).item_double()
                            - f.apply(fromDoubles(minus, shape)).item_double()) / (2 * eps);
                    // The forward is the identity, so finite differences see the un-reversed
                    // derivative; the reversal shows as the factor -lambda.
                    double expected = -lambda * numeric;
                    assertEquals(expected, analytic[i], 1e-6 * (1 + Math.abs(expected)),
                            "element " + i + " of shape " + java.util.Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void secondOrderGradientThroughCreateGraph() {
        try (PointerScope scope = new PointerScope()) {
            double lambda = 0.7;
            Tensor x = randn(ScalarType.Double, 5).requires_grad_(true);
            // y = GRL(x): d/dx sum(y^2) = -2 lambda y, and y again depends on x through the
            // reversal, so the second derivative is 2 lambda^2. The detach trick must agree.
            Tensor[] ours = derivatives(x, t -> GradientReversal.apply(t, lambda));
            Tensor[] reference = derivatives(x, t -> detachTrick(t, lambda));
            assertTrue(torch.allclose(ours[0], scaled(x.detach(), -2 * lambda)), "first-order gradient");
            assertTrue(torch.allclose(ours[0], reference[0]), "first-order gradient vs reference");
            assertTrue(torch.allclose(ours[1], torch.full(new long[] {5}, new org.bytedeco.pytorch.Scalar(2 * lambda * lambda),
                    new org.bytedeco.pytorch.TensorOptions(ScalarType.Double))), "second-order gradient");
            assertTrue(torch.allclose(ours[1], reference[1]), "second-order gradient vs reference");
        }
    }

    private static Tensor[] derivatives(Tensor x, UnaryOperator<Tensor> layer) {
        Tensor first = grad(layer.apply(x).pow(new org.bytedeco.pytorch.Scalar(2)).sum(), x, true);
        Tensor second = grad(first.sum(), x, false);
        return new Tensor[] {first, second};
    }
}
