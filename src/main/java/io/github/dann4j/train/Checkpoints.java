package io.github.dann4j.train;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.Tensors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * One checkpoint file (libtorch's serialize archive): the model's parameters, the optimizer's
 * state (momentum buffers, Adam moments), the step, both samplers' positions, libtorch's CPU RNG
 * state and the configuration it was written under. Written to a temporary file and renamed, so
 * a crash leaves either the old checkpoint or the new one, never a torn file.
 */
final class Checkpoints {
    private static final String FORMAT = "dann4j-checkpoint-1";

    private Checkpoints() {}

    static void save(Path file, DannTrainer trainer) {
        try (PointerScope scope = new PointerScope()) {
            OutputArchive archive = new OutputArchive();
            trainer.model().module().save(archive);
            OutputArchive optimizerArchive = new OutputArchive();
            trainer.optimizer().save(optimizerArchive);
            archive.write("optimizer", optimizerArchive);
            archive.write("dann4j_format", text(FORMAT));
            archive.write("dann4j_config", text(trainer.config().signature()));
            archive.write("dann4j_step", Tensors.fromLongs(new long[] {
                trainer.currentStep(),
                trainer.sourceSampler().position(),
                trainer.targetSampler() == null ? 0 : trainer.targetSampler().position()}));
            archive.write("dann4j_cpu_rng", torch.getDefaultCPUGenerator().get_state());
            AtomicFiles.write(file, temporary -> archive.save_to(temporary.toString()));
        }
    }

    /**
     * Restores {@code file}, or leaves the trainer as it was: a file can fail after the model's
     * weights were already replaced (say, in the optimizer's part), so the current state is saved
     * to a temporary checkpoint first and put back on failure.
     */
    static void restoreOrKeep(Path file, DannTrainer trainer) {
        Path backup;
        try {
            backup = Files.createTempFile("dann4j-restore-", ".ckpt");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            save(backup, trainer);
            try {
                restore(file, trainer);
            } catch (RuntimeException e) {
                restore(backup, trainer);
                throw e;
            }
        } finally {
            try {
                Files.deleteIfExists(backup);
            } catch (java.io.IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    static void restore(Path file, DannTrainer trainer) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint " + file + " does not exist or is not a file");
        }
        try {
            io.github.dann4j.internal.ZipIntegrity.check(file, "checkpoint");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try (PointerScope scope = new PointerScope()) {
            InputArchive archive = new InputArchive();
            try {
                archive.load_from(file.toString(), new DeviceOptional(trainer.device()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + Messages.firstLine(e.getMessage()), e);
            }
            String format = readText(archive, "dann4j_format", file);
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(file + " is not a dann4j checkpoint (format '" + format + "')");
            }
            String config = readText(archive, "dann4j_config", file);
            if (!config.equals(trainer.config().signature())) {
                throw new IllegalArgumentException("checkpoint " + file + " was written by a run with " + config
                        + " but this run has " + trainer.config().signature());
            }
            long[] positions = Tensors.toLongs(readTensor(archive, "dann4j_step", file));
            try {
                trainer.model().module().load(archive);
                InputArchive optimizerArchive = new InputArchive();
                archive.read("optimizer", optimizerArchive);
                trainer.optimizer().load(optimizerArchive);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("checkpoint " + file + " does not fit this model: "
                        + Messages.firstLine(e.getMessage()), e);
            }
            torch.getDefaultCPUGenerator().set_state(readTensor(archive, "dann4j_cpu_rng", file));
            trainer.setStep(positions[0]);
            trainer.sourceSampler().seek(positions[1]);
            if (trainer.targetSampler() != null) {
                trainer.targetSampler().seek(positions[2]);
            }
        }
    }

    private static Tensor text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long[] codes = new long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            codes[i] = bytes[i] & 0xff;
        }
        return Tensors.fromLongs(codes).to(ScalarType.Byte);
    }

    private static Tensor readTensor(InputArchive archive, String key, Path file) {
        Tensor value = new Tensor();
        if (!archive.try_read(key, value)) {
            throw new IllegalArgumentException(file + " is not a dann4j checkpoint (no '" + key + "' entry)");
        }
        return value;
    }

    private static String readText(InputArchive archive, String key, Path file) {
        long[] codes = Tensors.toLongs(readTensor(archive, key, file));
        byte[] bytes = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            bytes[i] = (byte) codes[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
