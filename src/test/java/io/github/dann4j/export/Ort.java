package io.github.dann4j.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs exported models in ONNX Runtime (Java) on one thread: inputs of any supported type, outputs as doubles. */
final class Ort implements AutoCloseable {
    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    Ort(byte[] model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        this.session = ENVIRONMENT.createSession(model, options);
    }

    OrtSession session() {
        return session;
    }

    /** Every output of the model on float32 values of {@code shape}, flattened. */
    Map<String, double[]> run(float[] values, long... shape) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(values), shape)) {
            return outputs(input);
        }
    }

    /** On float64 values. */
    Map<String, double[]> run(double[] values, long... shape) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENVIRONMENT, DoubleBuffer.wrap(values), shape)) {
            return outputs(input);
        }
    }

    /** On uint8 values (Java bytes, read as unsigned). */
    Map<String, double[]> run(byte[] values, long... shape) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENVIRONMENT, ByteBuffer.wrap(values), shape,
                ai.onnxruntime.OnnxJavaType.UINT8)) {
            return outputs(input);
        }
    }

    private Map<String, double[]> outputs(OnnxTensor input) throws OrtException {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                double[] values;
                if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
                    DoubleBuffer b = t.getDoubleBuffer();
                    values = new double[b.remaining()];
                    b.get(values);
                } else {
                    FloatBuffer b = t.getFloatBuffer();
                    values = new double[b.remaining()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = b.get(i);
                    }
                }
                out.put(e.getKey(), values);
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
