package io.github.dann4j.export;

import io.github.dann4j.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An exported ONNX model: its serialized {@code ModelProto} and what an application needs to call
 * it — the opset and IR version, the input's name, element type and shape (symbolic dimensions by
 * name, e.g. {@code [batch, channels, height, width]}), the outputs, and notes on what the export
 * changed (e.g. float64 weights written as float32). Immutable.
 */
public final class ExportedModel {
    private final byte[] bytes;
    private final String inputName;
    private final String inputType;
    private final String inputShape;
    private final List<String> outputs;
    private final List<String> notes;

    ExportedModel(byte[] bytes, String inputName, String inputType, String inputShape, List<String> outputs,
            List<String> notes) {
        this.bytes = bytes;
        this.inputName = inputName;
        this.inputType = inputType;
        this.inputShape = inputShape;
        this.outputs = List.copyOf(outputs);
        this.notes = List.copyOf(notes);
    }

    /** The ONNX file's bytes (a copy), e.g. for {@code OrtEnvironment.createSession(byte[])}. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The file's size in bytes. */
    public long size() {
        return bytes.length;
    }

    /** Writes the file atomically (a temporary beside it, then a rename); the parent folder must exist. */
    public void save(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("the output file is null");
        }
        AtomicFiles.write(file, temporary -> {
            try {
                Files.write(temporary, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    public int opset() {
        return OnnxExport.OPSET;
    }

    public long irVersion() {
        return OnnxExport.IR_VERSION;
    }

    /** The input's name ({@code input}). */
    public String inputName() {
        return inputName;
    }

    /** The input's element type: {@code uint8}, {@code float32} or {@code float64}. */
    public String inputType() {
        return inputType;
    }

    /** The input's shape, e.g. {@code [batch, 400]} or {@code [batch, channels, height, width]}. */
    public String inputShape() {
        return inputShape;
    }

    /**
     * The outputs' names, in order: {@code logits}, {@code probabilities}[, {@code target_probability}]
     * ({@code values}[, {@code target_probability}] for a regression model).
     */
    public List<String> outputs() {
        return outputs;
    }

    /** What the export changed or left out, one sentence each; empty when nothing. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return "ONNX model (opset " + opset() + ", IR " + irVersion() + ", " + size() + " bytes): " + inputName + " "
                + inputType + " " + inputShape + " -> " + String.join(", ", outputs);
    }
}
