package io.github.dann4j.bench;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorTensorHook;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gradient reversal forward + backward: the native op against two pure-Java ways of writing it
 * with bytedeco ops. Each call builds the graph and computes the input's gradient with
 * {@code torch::autograd::grad}, inside a PointerScope, as a training step would.
 *
 * <ul>
 *   <li>{@code nativeOp}: {@link GradientReversal#apply}, a C++ autograd Function (a view forward,
 *       one multiplication backward);
 *   <li>{@code detachTrick}: {@code x.detach() + (-lambda x - (-lambda x).detach())}, the usual
 *       workaround where no custom autograd Function is available;
 *   <li>{@code tensorHook}: {@code x.view_as(x)} with a gradient hook written in Java that
 *       returns {@code -lambda * grad} (libtorch calls back into the JVM during backward);
 *   <li>{@code viewAs}: {@code x.view_as(x)}, an identity with no reversal at all: the floor.
 * </ul>
 * One intra-op thread, so that the figures measure the op and not thread scheduling. Run with
 * {@code -prof gc} for the Java heap bytes per call; {@link AllocationProbe} counts the native
 * tensor bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GradientReversalBenchmark {
    private static final double LAMBDA = 0.5;

    @Param({"64x128", "256x4096"})
    public String shape;

    @Param({"nativeOp", "detachTrick", "tensorHook", "viewAs"})
    public String implementation;

    private PointerScope stateScope;
    private Tensor input;
    private Tensor upstream;
    private Scalar minusLambda;
    private TensorTensorHook reversingHook;

    @Setup(Level.Trial)
    public void setUp() {
        torch.set_num_threads(1);
        stateScope = new PointerScope();
        String[] dims = shape.split("x");
        long rows = Long.parseLong(dims[0]), cols = Long.parseLong(dims[1]);
        torch.manual_seed(0);
        input = torch.randn(rows, cols).requires_grad_(true);
        upstream = torch.randn(rows, cols);
        minusLambda = new Scalar(-LAMBDA);
        reversingHook = Implementations.reversingHook(minusLambda);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stateScope.close();
    }

    @Benchmark
    public double forwardBackward() {
        try (PointerScope scope = new PointerScope()) {
            Tensor output = Implementations.forward(implementation, input, LAMBDA, minusLambda, reversingHook);
            TensorVector grads = torch.grad(new TensorVector(output), new TensorVector(input),
                    new TensorVector(upstream), new BoolOptional(), false, false);
            // Read one element so the work cannot be optimised away.
            return grads.get(0).data_ptr().address();
        }
    }
}
