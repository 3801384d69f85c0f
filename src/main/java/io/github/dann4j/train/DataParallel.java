package io.github.dann4j.train;

import io.github.dann4j.distributed.DistributedConfig;
import io.github.dann4j.distributed.DistributedException;
import io.github.dann4j.distributed.ProcessGroup;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * What makes {@link DannTrainer} data-parallel, as DDP wraps a module: rank 0's parameters and
 * buffers are broadcast to every rank (at the start and after a resume), and after each backward
 * pass the gradients are averaged over the ranks in one flattened bucket, one allreduce a step.
 * The step's metrics ride in the same bucket, so every rank sees the global loss and accuracy.
 *
 * <p>Tensors are copied to the CPU for Gloo when the model is elsewhere (CUDA through host memory).
 * Every tensor made here lives in a PointerScope.
 */
final class DataParallel implements AutoCloseable {
    private final ProcessGroup group;
    private final boolean ownsGroup;
    /** Bytes the last {@link #averageGradients} sent into the allreduce (its bucket's size). */
    private long lastBytes;
    private long allreduceNanos;
    private long allreduces;

    private DataParallel(ProcessGroup group, boolean ownsGroup) {
        this.group = group;
        this.ownsGroup = ownsGroup;
    }

    /**
     * The data-parallel side of a trainer on {@code group} (the caller's), or on a group joined
     * now for {@code config} (then owned), with rank 0's state broadcast into {@code model};
     * null for one process (no group, or a world of 1).
     */
    static DataParallel join(ProcessGroup group, DistributedConfig config, DannModel model) {
        boolean owns = group == null && config != null && config.worldSize() > 1;
        ProcessGroup joined = owns ? ProcessGroup.connect(config) : group;
        if (joined == null || joined.worldSize() == 1) {
            return null;
        }
        DataParallel parallel = new DataParallel(joined, owns);
        try {
            parallel.broadcastState(model);
            return parallel;
        } catch (RuntimeException e) {
            parallel.close();
            throw e;
        }
    }

    ProcessGroup group() {
        return group;
    }

    /** Overwrites every parameter and buffer with rank 0's. */
    void broadcastState(DannModel model) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            for (Tensor t : model.stateTensors().values()) {
                Tensor host = onCpu(t);
                group.broadcast(host, 0);
                if (host != t) {
                    t.copy_(host);
                }
            }
        }
    }

    /**
     * Averages the gradients over the ranks, in place, and reduces step {@code step}'s metrics
     * {@code {loss, label loss, domain loss, correct domain outputs, domain outputs}}: the losses
     * averaged, the counts summed. Parameters without a gradient (the domain head in a
     * source-only run) are left out, alike on every rank.
     *
     * @throws TrainingDivergedException on every rank alike, when the global loss is not finite
     */
    double[] averageGradients(DannModel model, double[] metrics, long step) {
        double[] sums = sum(model, metrics);
        int w = group.worldSize();
        double[] global = {sums[0] / w, sums[1] / w, sums[2] / w, sums[3], sums[4]};
        if (!Double.isFinite(global[0])) {
            throw new TrainingDivergedException(step, global[0]);
        }
        return global;
    }

    private double[] sum(DannModel model, double[] metrics) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            List<Tensor> grads = new ArrayList<>();
            TensorVector pieces = new TensorVector();
            Tensor first = null;
            TensorVector parameters = model.module().parameters();
            for (long i = 0; i < parameters.size(); i++) {
                Tensor g = parameters.get(i).grad();
                if (g.defined()) {
                    grads.add(g);
                    pieces.push_back(g.reshape(-1));
                    first = first == null ? g : first;
                }
            }
            Tensor values = Tensors.fromDoubles(metrics, first == null ? torch.ScalarType.Double : first.scalar_type(),
                    metrics.length);
            pieces.push_back(first == null ? values : values.to(first));
            Tensor bucket = onCpu(torch.cat(pieces).contiguous());
            lastBytes = bucket.numel() * bucket.element_size();
            long started = System.nanoTime();
            group.allreduceSum(bucket);
            allreduceNanos += System.nanoTime() - started;
            allreduces++;
            long offset = 0;
            Tensor averaged = bucket.div(new org.bytedeco.pytorch.Scalar((double) group.worldSize()));
            for (Tensor g : grads) {
                long n = g.numel();
                Tensor slice = averaged.narrow(0, offset, n).view(g.sizes());
                g.copy_(slice); // across devices too
                offset += n;
            }
            return Tensors.toDoubles(bucket.narrow(0, offset, metrics.length).to(torch.ScalarType.Double));
        }
    }

    /** Fails on every rank unless all ranks are at {@code step} (after a resume: the same checkpoint). */
    void requireSameStep(long step) {
        try (PointerScope scope = new PointerScope()) {
            Tensor t = Tensors.fromDoubles(new double[] {step, -step}, torch.ScalarType.Double, 2);
            group.allreduceMax(t);
            double[] v = Tensors.toDoubles(t);
            if (v[0] != step || -v[1] != step) {
                throw new DistributedException("rank " + group.rank() + ": the ranks are at different steps (from "
                        + (long) -v[1] + " to " + (long) v[0] + "); resume every rank from the same checkpoint");
            }
        }
    }

    long lastBytes() {
        return lastBytes;
    }

    /** Total seconds spent in the gradient allreduce, and how many there were. */
    double allreduceSeconds() {
        return allreduceNanos / 1e9;
    }

    long allreduceCount() {
        return allreduces;
    }

    /** Closes the group if it was joined here. */
    @Override
    public void close() {
        if (ownsGroup) {
            group.close();
        }
    }

    private static Tensor onCpu(Tensor t) {
        return t.device().is_cpu() && t.is_contiguous() ? t : t.cpu().contiguous();
    }
}
