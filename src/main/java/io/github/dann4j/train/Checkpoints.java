package io.github.dann4j.train;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.NativeOps;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.interop.TorchFile;
import io.github.dann4j.nn.DannModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.SharedModuleVector;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * One checkpoint file, a {@code torch.save}-format dict read by the safe reader
 * ({@link TorchFile}) and by Python's {@code torch.load(path, weights_only=True)}:
 *
 * <pre>
 * format          "dann4j-checkpoint-2"
 * configuration   the training configuration's signature (steps, batches, schedules, optimizer, dtype, ...)
 * architecture    every module's type and every parameter's name and shape
 * step, source_position, target_position   ints (positions: indices drawn, at most steps x batch)
 * source_K_position  with several sources, for each source K &ge; 1: its sampler's position
 * model           {name: tensor}, the state_dict
 * optimizer       {"type": "momentum:0.9", "state": {"&lt;i&gt;.momentum_buffer": tensor, ...}}
 * cpu_rng         libtorch's CPU generator state (uint8 tensor)
 * </pre>
 *
 * Written to a temporary file and renamed, so a crash leaves the old checkpoint or the new one.
 * A checkpoint restores only into a trainer of the same configuration and architecture.
 */
final class Checkpoints {
    static final String FORMAT = "dann4j-checkpoint-2";

    private Checkpoints() {}

    static void save(Path file, DannTrainer trainer) {
        try (PointerScope scope = new PointerScope()) {
            TorchFile.write(file, contents(trainer, false), "checkpoint");
        }
    }

    /** What a checkpoint holds, as the dict that is written; with {@code copies}, the model's tensors are cloned. */
    private static Map<String, Object> contents(DannTrainer trainer, boolean copies) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("configuration", trainer.signature());
        root.put("architecture", architecture(trainer.model()));
        root.put("step", trainer.currentStep());
        root.put("source_position", trainer.sourceSampler(0).position());
        for (int k = 1; k < trainer.sourceCount(); k++) {
            root.put(sourcePositionKey(k), trainer.sourceSampler(k).position());
        }
        root.put("target_position", trainer.targetSampler() == null ? 0L : trainer.targetSampler().position());
        Map<String, Object> model = new LinkedHashMap<>();
        trainer.model().stateTensors().forEach((name, tensor) -> model.put(name, copies ? tensor.detach().clone() : tensor));
        root.put("model", model);
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("type", trainer.config().optimizer.spec());
        optimizer.put("state", optimizerState(trainer));
        root.put("optimizer", optimizer);
        root.put("cpu_rng", torch.getDefaultCPUGenerator().get_state());
        return root;
    }

    /**
     * Restores {@code file}, or leaves the trainer as it was: every part is checked before
     * anything changes, and should a late step still fail, a copy of the state taken beforehand
     * (in memory, no file) is put back.
     */
    static void restoreOrKeep(Path file, DannTrainer trainer) {
        try (PointerScope scope = new PointerScope()) {
            CheckpointContents before = CheckpointContents.of(contents(trainer, true), file, trainer);
            try {
                restore(file, trainer);
            } catch (RuntimeException e) {
                apply(before, trainer, file);
                throw e;
            }
        }
    }

    static void restore(Path file, DannTrainer trainer) {
        try (PointerScope scope = new PointerScope()) {
            Object value;
            try {
                value = TorchFile.read(file, "checkpoint");
            } catch (IllegalArgumentException e) {
                if (e.getMessage().contains("TorchScript archive")) {
                    throw new IllegalArgumentException("cannot read checkpoint " + file + ": it is a TorchScript archive, "
                            + "as dann4j's checkpoints before format 2 were; such files can run code and are no longer "
                            + "loaded. Start the run again (with --init MODEL.pt to begin from a saved model's weights)", e);
                }
                throw e;
            }
            apply(CheckpointContents.of(value, file, trainer), trainer, file);
        }
    }

    private static void apply(CheckpointContents contents, DannTrainer trainer, Path file) {
        // Parts that libtorch checks itself go first; each refuses a bad value without changing.
        try {
            torch.getDefaultCPUGenerator().set_state(contents.cpuRng);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + file + " holds an invalid CPU generator state: "
                    + Messages.firstLine(e.getMessage()), e);
        }
        try {
            NativeOps.set_optimizer_state(trainer.optimizer(), contents.optimizerNames, contents.optimizerValues);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + file + " does not fit this optimizer: "
                    + Messages.firstLine(e.getMessage()), e);
        }
        StateDict.copyInto(trainer.model(), contents.model, "in checkpoint " + file);
        trainer.setStep(contents.step);
        for (int k = 0; k < trainer.sourceCount(); k++) {
            trainer.sourceSampler(k).seek(contents.sourcePositions[k]);
        }
        if (trainer.targetSampler() != null) {
            trainer.targetSampler().seek(contents.targetPosition);
        }
    }

    /** The key of source k's sampler position: {@code source_position} for source 0, {@code source_k_position} after. */
    private static String sourcePositionKey(int k) {
        return k == 0 ? "source_position" : "source_" + k + "_position";
    }

    /** The optimizer's per-parameter state as named tensors (see {@code native/include/dann4j/optimizer_state.h}). */
    private static Map<String, Object> optimizerState(DannTrainer trainer) {
        Map<String, Object> state = new LinkedHashMap<>();
        try (StringVector names = new StringVector(); TensorVector values = new TensorVector()) {
            NativeOps.optimizer_state(trainer.optimizer(), names, values);
            for (long i = 0; i < names.size(); i++) {
                state.put(names.get(i).getString(), new Tensor(values.get(i)));
            }
        }
        return state;
    }

    /**
     * The model's architecture in one line: each parameter and buffer with its shape, then each
     * module's C++ type in order, and the domain output; two models with the same line have the
     * same structure, layer sizes and activations.
     */
    static String architecture(DannModel model) {
        StringBuilder out = new StringBuilder("parameters");
        for (Map.Entry<String, Tensor> entry : model.stateTensors().entrySet()) {
            out.append(' ').append(entry.getKey()).append(Arrays.toString(TensorChecks.shape(entry.getValue())));
        }
        out.append(" modules");
        try (SharedModuleVector modules = model.module().modules(false)) {
            for (Module module : modules.get()) {
                out.append(' ').append(module.name().getString());
            }
        }
        return out.append(" domainOutput=").append(model.domainOutput()).toString();
    }

    /** The checked parts of a checkpoint's dict; nothing is applied until all of them pass. */
    private static final class CheckpointContents {
        long step;
        long[] sourcePositions;
        long targetPosition;
        Map<String, Tensor> model;
        final StringVector optimizerNames = new StringVector();
        final TensorVector optimizerValues = new TensorVector();
        Tensor cpuRng;

        static CheckpointContents of(Object value, Path file, DannTrainer trainer) {
            try {
                return parse(value, trainer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("checkpoint " + file + " " + e.getMessage(), e);
            }
        }

        private static CheckpointContents parse(Object value, DannTrainer trainer) {
            if (!(value instanceof Map<?, ?> root)) {
                throw new IllegalArgumentException("is not a dann4j checkpoint (it holds no dict)");
            }
            Object format = root.get("format");
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("is not a dann4j checkpoint (format " + (format == null ? "missing"
                        : "'" + format + "'") + ", expected '" + FORMAT + "')");
            }
            String configuration = text(root, "configuration");
            if (Arrays.asList(configuration.split(" ")).contains("domainLoss=MEAN")) {
                throw new IllegalArgumentException("was written by an older dann4j whose domain loss 'mean' was half the sum"
                        + " of the two domains' means; 'mean' is now one loss averaged over the concatenated source+target"
                        + " batch, so the run cannot resume: start it again (with --init MODEL.pt to begin from saved weights)");
            }
            if (!configuration.equals(trainer.signature())) {
                throw new IllegalArgumentException("was written by a run with " + configuration + " but this run has "
                        + trainer.signature());
            }
            String architecture = text(root, "architecture");
            String own = architecture(trainer.model());
            if (!architecture.equals(own)) {
                throw new IllegalArgumentException("was written by another architecture: " + firstDifference(architecture, own));
            }
            CheckpointContents c = new CheckpointContents();
            c.step = integer(root, "step", 0, trainer.totalSteps());
            // A run draws one batch a step: its samplers cannot be further on than that (and seeking
            // a ReplacementSampler replays its stream, so the bound also bounds the work).
            TrainingConfig config = trainer.config();
            // (a data-parallel run's samplers stand at the global stream's position: W batches a step)
            long world = trainer.worldSize();
            c.sourcePositions = new long[trainer.sourceCount()];
            for (int k = 0; k < trainer.sourceCount(); k++) {
                c.sourcePositions[k] = integer(root, sourcePositionKey(k), 0,
                        draws(trainer.totalSteps(), (long) config.sourceBatchSize(k) * world));
            }
            c.targetPosition = integer(root, "target_position", 0,
                    trainer.targetSampler() == null ? 0 : draws(trainer.totalSteps(), config.targetBatchSize * world));
            c.model = tensors(root.get("model"), "model");
            if (!(root.get("optimizer") instanceof Map<?, ?> optimizer)) {
                throw new IllegalArgumentException("has no optimizer dict");
            }
            if (!trainer.config().optimizer.spec().equals(optimizer.get("type"))) {
                throw new IllegalArgumentException("holds the state of optimizer " + optimizer.get("type")
                        + " but this run uses " + trainer.config().optimizer.spec());
            }
            for (Map.Entry<String, Tensor> entry : tensors(optimizer.get("state"), "optimizer state").entrySet()) {
                c.optimizerNames.push_back(entry.getKey());
                c.optimizerValues.push_back(entry.getValue());
            }
            if (!(root.get("cpu_rng") instanceof Tensor rng)) {
                throw new IllegalArgumentException("has no cpu_rng tensor");
            }
            Tensor current = torch.getDefaultCPUGenerator().get_state();
            if (rng.scalar_type().intern() != torch.ScalarType.Byte || rng.dim() != 1 || rng.numel() != current.numel()) {
                throw new IllegalArgumentException("holds a CPU generator state " + TensorChecks.describe(rng)
                        + ", not libtorch's (" + current.numel() + " bytes)");
            }
            c.cpuRng = rng;
            return c;
        }

        /** The indices a run of {@code steps} steps draws in batches of {@code batch}. */
        private static long draws(long steps, long batch) {
            return steps > Long.MAX_VALUE / batch ? Long.MAX_VALUE : steps * batch;
        }

        /** "X in the file, Y in this model" for the first differing word of two architecture lines. */
        private static String firstDifference(String file, String own) {
            String[] a = file.split(" (?![0-9])");
            String[] b = own.split(" (?![0-9])");
            int i = 0;
            while (i < a.length && i < b.length && a[i].equals(b[i])) {
                i++;
            }
            String theirs = i < a.length ? a[i] : "nothing more";
            String ours = i < b.length ? b[i] : "nothing more";
            return theirs + " in the file, " + ours + " in this model";
        }

        private static String text(Map<?, ?> root, String key) {
            if (!(root.get(key) instanceof String s)) {
                throw new IllegalArgumentException("has no '" + key + "' string");
            }
            return s;
        }

        private static long integer(Map<?, ?> root, String key, long min, long max) {
            if (!(root.get(key) instanceof Long v)) {
                throw new IllegalArgumentException("has no '" + key + "' integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("has " + key + " " + v + ", outside [" + min + ", " + max + "]");
            }
            return v;
        }

        private static Map<String, Tensor> tensors(Object value, String what) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("has no " + what + " dict");
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key) || !(entry.getValue() instanceof Tensor tensor)) {
                    throw new IllegalArgumentException("has a " + what + " entry that is not a named tensor");
                }
                out.put(key, tensor);
            }
            return out;
        }
    }
}
