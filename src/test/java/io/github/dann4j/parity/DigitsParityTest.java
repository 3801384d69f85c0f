package io.github.dann4j.parity;

import static io.github.dann4j.parity.ReferenceFiles.relativeError;
import static io.github.dann4j.parity.ReferenceFiles.withPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannObjective;
import io.github.dann4j.train.ObjectiveTerms;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Case 3: the paper's digits network, one forward/backward on a fixed batch, against PyTorch. */
class DigitsParityTest {
    private static final double TOLERANCE = 1e-5;

    @Test
    void outputsLossesAndEveryGradientMatchPyTorch() {
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.digits(3, 28, 10)) {
            Map<String, Tensor> ref = ReferenceFiles.load("digits_float32.pt");
            StateDict.copyInto(model, withPrefix(ref, "init."), "init.*");
            model.gradientReversal().setLambda(1.0);

            ObjectiveTerms terms = DannObjective.compute(model, ref.get("data.source_x"), ref.get("data.source_y"),
                    ref.get("data.target_x"), false);
            terms.total().backward();

            Map<String, Double> errors = new LinkedHashMap<>();
            errors.put("features_source", relativeError(terms.sourceFeatures().get(0), ref.get("out.features_source")));
            errors.put("class_logits", relativeError(terms.classLogits(), ref.get("out.class_logits")));
            errors.put("domain_logits_source", relativeError(terms.domainSource(), ref.get("out.domain_logits_source")));
            errors.put("domain_logits_target", relativeError(terms.domainTarget(), ref.get("out.domain_logits_target")));
            errors.put("loss.total", relativeError(terms.total(), ref.get("loss.total")));
            errors.put("loss.label", relativeError(terms.labelLoss(), ref.get("loss.label")));
            errors.put("loss.domain", relativeError(terms.domainLoss(), ref.get("loss.domain")));
            Map<String, Tensor> expectedGrads = withPrefix(ref, "grad.");
            Map<String, Tensor> params = model.stateTensors();
            assertEquals(expectedGrads.keySet(), params.keySet());
            for (String key : expectedGrads.keySet()) {
                errors.put("grad." + key, relativeError(params.get(key).grad(), expectedGrads.get(key)));
            }
            double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("parity digits float32 max relative error: %.3e over %d outputs and gradients%n", worst, errors.size());
            errors.forEach((key, error) -> assertTrue(error <= TOLERANCE, key + " relative error " + error));
        }
    }
}
