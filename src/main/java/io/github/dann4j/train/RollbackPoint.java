package io.github.dann4j.train;

import io.github.dann4j.internal.NativeOps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A trainer's whole state at the start of a metrics window, so that a window found at its read to
 * hold a non-finite step can be undone: every parameter and buffer, the optimizer's state (SGD's
 * momentum buffers; Adam's moments and step counts), the step, every sampler's position and
 * libtorch's CPU generator. Copies stay on the training device (one more model and optimizer
 * state there); the model's are allocated once and overwritten at each {@link #capture}.
 *
 * <p>Owns its copies and the vectors holding them (retained, so no caller's PointerScope frees
 * them); {@link #close()} releases them.
 */
final class RollbackPoint implements AutoCloseable {
    private final Map<String, Tensor> model = new LinkedHashMap<>();
    private final StringVector optimizerNames = new StringVector();
    private final TensorVector optimizerValues = new TensorVector();
    private Tensor cpuRng;
    private long step;
    private long[] sourcePositions = new long[0];
    private long targetPosition;
    private boolean held;

    RollbackPoint() {
        optimizerNames.retainReference();
        optimizerValues.retainReference();
    }

    /** Takes the trainer's state now (before the window's first step draws its batches). */
    void capture(DannTrainer trainer) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> entry : trainer.model().stateTensors().entrySet()) {
                Tensor copy = model.get(entry.getKey());
                if (copy == null) {
                    copy = new Tensor(entry.getValue().detach().clone());
                    copy.retainReference();
                    model.put(entry.getKey(), copy);
                } else {
                    copy.copy_(entry.getValue());
                }
            }
            NativeOps.optimizer_state(trainer.optimizer(), optimizerNames, optimizerValues); // copies
            Tensor rng = new Tensor(torch.getDefaultCPUGenerator().get_state());
            rng.retainReference();
            if (cpuRng != null) {
                cpuRng.releaseReference();
            }
            cpuRng = rng;
        }
        step = trainer.currentStep();
        sourcePositions = new long[trainer.sourceCount()];
        for (int k = 0; k < sourcePositions.length; k++) {
            sourcePositions[k] = trainer.sourceSampler(k).position();
        }
        targetPosition = trainer.targetSampler() == null ? 0 : trainer.targetSampler().position();
        held = true;
    }

    /** Whether a state is held (since the last {@link #capture}, until {@link #drop}). */
    boolean held() {
        return held;
    }

    /** Forgets the state (the window it began was read and found finite); the copies stay allocated for reuse. */
    void drop() {
        held = false;
    }

    /** The step the held state was taken before. */
    long step() {
        return step;
    }

    /** Puts the held state back into the trainer, bit for bit; the state stays held. */
    void restore(DannTrainer trainer) {
        if (!held) {
            throw new IllegalStateException("no rollback point is held");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            NativeOps.set_optimizer_state(trainer.optimizer(), optimizerNames, optimizerValues); // copies in
            for (Map.Entry<String, Tensor> entry : trainer.model().stateTensors().entrySet()) {
                entry.getValue().copy_(model.get(entry.getKey()));
            }
            torch.getDefaultCPUGenerator().set_state(cpuRng);
        }
        trainer.setStep(step);
        for (int k = 0; k < sourcePositions.length; k++) {
            trainer.sourceSampler(k).seek(sourcePositions[k]);
        }
        if (trainer.targetSampler() != null) {
            trainer.targetSampler().seek(targetPosition);
        }
    }

    @Override
    public void close() {
        model.values().forEach(Tensor::releaseReference);
        model.clear();
        if (cpuRng != null) {
            cpuRng.releaseReference();
            cpuRng = null;
        }
        optimizerNames.releaseReference();
        optimizerValues.releaseReference();
        held = false;
    }
}
