package io.github.dann4j.export;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.TrainedModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * What dann4j itself computes for raw inputs, the values an exported model must reproduce:
 * {@code TrainedModel.predict} with the domain output (probabilities, target probability,
 * classes) and the network's logits on the prepared input, all flattened row-major.
 */
record Dann4jOutputs(int rows, int classCount, double[] logits, double[] probabilities, double[] targetProbability,
        int[] classes) {

    static Dann4jOutputs of(TrainedModel model, Tensor raw, String name) {
        int n = (int) raw.size(0);
        Prediction prediction = model.predict(Inputs.raw(raw, name), PredictOptions.DEFAULTS.withDomain());
        double[] logits;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            logits = Tensors.toDoubles(model.network().predictLogits(model.prepare(raw, name)));
        }
        int classes = model.classes();
        double[] probabilities = new double[n * classes];
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(prediction.probabilities(i), 0, probabilities, i * classes, classes);
            target[i] = prediction.targetProbability(i);
        }
        return new Dann4jOutputs(n, classes, logits, probabilities, target, prediction.classes());
    }

    /** The values by the exported model's output name ({@link OnnxExport#LOGITS}, ...). */
    Map<String, double[]> byOutput() {
        Map<String, double[]> outputs = new LinkedHashMap<>();
        outputs.put(OnnxExport.LOGITS, logits);
        outputs.put(OnnxExport.PROBABILITIES, probabilities);
        outputs.put(OnnxExport.TARGET_PROBABILITY, targetProbability);
        return outputs;
    }
}
