package io.github.dann4j.train;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DomainOutput;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The steps since the trainer last read its metrics to the host, summed on the training device,
 * and how a non-finite step among them is found without reading every step.
 *
 * <p>Each step's metrics are one tensor on the device, {@code [loss, label loss, domain loss,
 * correct domain outputs]} ({@code [loss, label loss]} source-only), added to a float64 running sum.
 * A read copies {@code sum + this step's row} to the host: one synchronisation a window. A sum of
 * float32 or float64 losses is finite exactly when each one is (float64 cannot overflow on fewer
 * than 10^270 float32 terms), so the read's loss sum is also the window's NaN/inf check:
 * <ul>
 *   <li>the step being read is the window's only one, or the window is being replayed
 *       ({@link #strict}, every step read): that step is the first non-finite one, and the
 *       trainer throws {@link TrainingDivergedException} before its backward pass;</li>
 *   <li>otherwise an earlier step of the window may be the first: {@link Rollback} is thrown,
 *       the trainer puts back the {@link RollbackPoint} captured before the window's first step
 *       and replays the window reading every step, which stops at the first non-finite step
 *       with the weights of the step before it, bit for bit what reading every step gives.</li>
 * </ul>
 *
 * <p>Owns its device sum and its rollback point; {@link #close()} frees them.
 */
final class MetricsWindow implements AutoCloseable {
    /** Asks the trainer to put back the window's rollback point and replay it, reading every step. */
    static final class Rollback extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long detectedAt;

        Rollback(long detectedAt) {
            super("a step before " + detectedAt + " diverged", null, false, false);
            this.detectedAt = detectedAt;
        }
    }

    private final int every;
    private final boolean host;
    private final Device cpu = new Device(DeviceType.CPU);
    private final RollbackPoint rollback = new RollbackPoint();
    private Tensor sum; // retained; valid for the first `steps` rows of the window
    private long first = -1;
    private int steps;
    private long outputs;
    private long strictThrough = -1;

    /** @param host whether the training device is the CPU, where a window of one step is read value by value */
    MetricsWindow(int every, boolean host) {
        this.every = every;
        this.host = host;
        cpu.retainReference();
    }

    int every() {
        return every;
    }

    /** Whether step {@code step} ends a window, when the caller stops before {@code end}. */
    boolean endsAt(long step, long end) {
        return (step + 1) % every == 0 || step + 1 >= end;
    }

    /** Whether step {@code step} is read on its own (a replay after a {@link Rollback}). */
    boolean strict(long step) {
        return step <= strictThrough;
    }

    /** Before step {@code step} touches anything: captures the rollback point if it begins a window of several steps. */
    void beforeStep(DannTrainer trainer, long step, boolean windowEnd) {
        if (steps == 0 && !windowEnd && !strict(step) && !rollback.held()) {
            rollback.capture(trainer);
        }
    }

    /**
     * Whether step {@code step} is a window of its own on the CPU: then it is read as it always
     * was, value by value ({@link #values}), with no device row, which costs nothing there; on a
     * GPU the row's one read is fewer synchronisations than four.
     */
    boolean alone(long step, boolean windowEnd) {
        return host && windowEnd && steps == 0;
    }

    /**
     * The step's metrics read to the host one by one: {@code [loss, label loss, domain loss,
     * correct domain outputs]}, then the values of {@code perDomain} (null with one source).
     */
    static double[] values(ObjectiveTerms terms, DomainOutput mode, DomainLabels labels, Tensor perDomain) {
        double[] head = terms.domainLoss() == null
                ? new double[] {terms.total().item_double(), terms.labelLoss().item_double()}
                : new double[] {terms.total().item_double(), terms.labelLoss().item_double(),
                    terms.domainLoss().item_double(),
                    DannObjective.correctDomainPredictions(terms, mode, labels).item_long()};
        if (perDomain == null) {
            return head;
        }
        double[] rest = Tensors.toDoubles(perDomain.cpu());
        double[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    /**
     * The step's metrics row on the device, in the training dtype: {@code [loss, label loss,
     * domain loss, correct domain outputs]}, or {@code [loss, label loss]} when {@code terms} has
     * no domain loss; with several sources, float64 and followed by {@code perDomain}
     * ({@link DomainMetrics#measure}). Built with autograd on (one small node, freed with the step's scope): that
     * costs less than switching it off, and nothing ever calls backward through it. The count is
     * exact in float32 up to 2^24 domain outputs a step.
     */
    static Tensor row(ObjectiveTerms terms, DomainOutput mode, DomainLabels labels, Tensor perDomain) {
        Tensor row;
        if (terms.domainLoss() == null) {
            row = torch.stack(new TensorVector(terms.total(), terms.labelLoss()));
        } else {
            Tensor correct = DannObjective.correctDomainPredictions(terms, mode, labels);
            row = torch.stack(new TensorVector(terms.total(), terms.labelLoss(), terms.domainLoss(),
                    correct.to(terms.total().scalar_type())));
        }
        // With several sources their own metrics (float64) follow, summed with the rest.
        return perDomain == null ? row : torch.cat(new TensorVector(row.to(ScalarType.Double), perDomain));
    }

    /** The window's sums with {@code row} added, on the host, float64; changes nothing. One synchronisation. */
    double[] read(Tensor row) {
        Tensor host = (steps == 0 ? row : sum.add(row)).to(cpu, ScalarType.Double); // the float64 sum, or the row
        double[] values = new double[(int) host.numel()];
        new DoublePointer(host.data_ptr()).get(values);
        return values;
    }

    /**
     * What a read with a non-finite loss sum means for step {@code step}: the exception to throw
     * before its backward pass (it is never applied).
     */
    RuntimeException diverged(long step, double lossSum) {
        if (steps == 0 || strict(step)) {
            return new TrainingDivergedException(step, lossSum); // the others of the window are finite
        }
        return new Rollback(step);
    }

    /**
     * Adds step {@code step}'s row (its update applied; null for a window {@link #alone}); {@code sums}
     * is its read, or null.
     *
     * @return the window's metrics when {@code windowEnd} (the window is then closed), else null
     */
    StepMetrics add(long step, Tensor row, long domainOutputs, double[] sums, boolean windowEnd, double lambda,
            double learningRate, int sources) {
        if (windowEnd) {
            int n = steps + 1;
            long count = outputs + domainOutputs;
            // [loss, label loss (, domain loss, correct)] then, with several sources, K label losses (and K + 1 accuracies)
            int base = sums.length - (sources == 0 ? 0 : sources + (count > 0 ? sources + 1 : 0));
            boolean adversarial = base > 2;
            DomainMetrics domains = DomainMetrics.NONE;
            if (sources > 0) {
                java.util.List<Double> losses = new java.util.ArrayList<>(sources);
                java.util.List<Double> accuracies = new java.util.ArrayList<>(sources + 1);
                for (int i = base; i < sums.length; i++) {
                    (i < base + sources ? losses : accuracies).add(sums[i] / n);
                }
                domains = new DomainMetrics(losses, accuracies);
            }
            StepMetrics m = new StepMetrics(step, sums[0] / n, sums[1] / n, adversarial ? sums[2] / n : Double.NaN,
                    adversarial ? sums[3] / count : Double.NaN, lambda, learningRate, domains);
            clear();
            return m;
        }
        try (NoGradGuard noGrad = new NoGradGuard()) { // the sum holds no autograd history
            if (sum == null || sum.numel() != row.numel()) {
                Tensor fresh = new Tensor(row.detach().to(ScalarType.Double, false, true, new MemoryFormatOptional()));
                fresh.retainReference();
                if (sum != null) {
                    sum.releaseReference();
                }
                sum = fresh;
            } else if (steps == 0) {
                sum.copy_(row); // float64, whatever the training dtype
            } else {
                sum.add_(row);
            }
        }
        if (steps == 0) {
            first = step;
        }
        steps++;
        outputs += domainOutputs;
        return null;
    }

    /**
     * Puts the trainer back to the window's start after a {@link Rollback} detected at step
     * {@code detectedAt}; the steps up to it are then read one by one.
     */
    void rollBack(DannTrainer trainer, long detectedAt) {
        rollback.restore(trainer);
        strictThrough = detectedAt;
        steps = 0;
        outputs = 0;
        first = -1;
    }

    /**
     * After a step failed for another reason: checks the window's steps so far (one read, only on
     * this path). A non-finite one asks for a {@link Rollback} to the step it was found before.
     */
    void checkAfterFailure(long failedStep) {
        if (steps == 0 || strict(failedStep - 1)) {
            return;
        }
        double[] sums = Tensors.toDoubles(sum);
        if (!Double.isFinite(sums[0])) {
            throw new Rollback(failedStep - 1);
        }
    }

    /** Forgets the window (the trainer's state was replaced, e.g. by a checkpoint). */
    void clear() {
        steps = 0;
        outputs = 0;
        first = -1;
        strictThrough = -1;
        rollback.drop();
    }

    /** The first step of the open window, or -1. */
    long first() {
        return first;
    }

    @Override
    public void close() {
        clear();
        if (sum != null) {
            sum.releaseReference();
            sum = null;
        }
        rollback.close();
        cpu.releaseReference();
    }
}
