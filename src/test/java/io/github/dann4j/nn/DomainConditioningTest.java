package io.github.dann4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.internal.TensorChecks;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * What the domain classifier sees: the text forms of {@link DomainConditioning}, the paper's
 * automatic choice at its boundary, the refusals, and a model built on each map (the input width
 * of its domain head, the randomized map's buffers, domain outputs without logits at hand).
 */
class DomainConditioningTest {

    @Test
    void parsesEveryFormAndWritesItBack() {
        assertEquals(DomainConditioning.none(), DomainConditioning.parse("none", 5, 3));
        assertEquals(DomainConditioning.multilinear(), DomainConditioning.parse(" Multilinear ", 5, 3));
        assertEquals(DomainConditioning.randomized(1024), DomainConditioning.parse("randomized", 5, 3));
        assertEquals(DomainConditioning.randomized(6), DomainConditioning.parse("randomized:6", 5, 3));
        for (DomainConditioning c : new DomainConditioning[] {DomainConditioning.none(), DomainConditioning.multilinear(),
                DomainConditioning.randomized(7)}) {
            assertEquals(c, DomainConditioning.parse(c.text(), 5, 3), c.text());
        }
        assertEquals("randomized:7", DomainConditioning.randomized(7).text());
        assertFalse(DomainConditioning.none().conditional());
        assertTrue(DomainConditioning.randomized(7).conditional());
    }

    @Test
    void autoTakesTheMultilinearMapUpTo4096WideAndTheRandomizedOneAbove() {
        assertEquals(DomainConditioning.multilinear(), DomainConditioning.parse("auto", 409, 10)); // 4090
        assertEquals(DomainConditioning.multilinear(), DomainConditioning.auto(2048, 2)); // 4096 exactly
        assertEquals(DomainConditioning.randomized(1024), DomainConditioning.auto(2049, 2)); // 4098
        assertEquals(DomainConditioning.randomized(1024), DomainConditioning.auto(768, 10)); // the digits network
        assertEquals(15, DomainConditioning.multilinear().inputWidth(5, 3));
        assertEquals(6, DomainConditioning.randomized(6).inputWidth(5, 3));
        assertEquals(5, DomainConditioning.none().inputWidth(5, 3));
        assertEquals(Long.MAX_VALUE, DomainConditioning.multilinear().inputWidth(Long.MAX_VALUE / 2, 3));
    }

    @Test
    void refusesWhatItDoesNotKnowWithOneLine() {
        assertEquals("the randomized map's width must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> DomainConditioning.parse("randomized:0", 5, 3)).getMessage());
        assertEquals("the randomized map's width must be positive, got -2",
                assertThrows(IllegalArgumentException.class, () -> DomainConditioning.randomized(-2)).getMessage());
        assertEquals("the randomized map's width must be a whole number, got '1e3'",
                assertThrows(IllegalArgumentException.class, () -> DomainConditioning.parse("randomized:1e3", 5, 3)).getMessage());
        assertEquals("the randomized map's width must be a whole number, got ''",
                assertThrows(IllegalArgumentException.class, () -> DomainConditioning.parse("randomized:", 5, 3)).getMessage());
        for (String bad : new String[] {"", "bilinear", "multilinear:4"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> DomainConditioning.parse(bad, 5, 3)).getMessage();
            assertTrue(message.startsWith("the domain map must be auto, multilinear, randomized or randomized:<width>"), message);
        }
        assertThrows(IllegalArgumentException.class, () -> DomainConditioning.parse(null, 5, 3));
    }

    @Test
    void aModelOnEachMapHasTheDomainHeadAndBuffersItNeeds() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            torch.manual_seed(3);
            Tensor x = torch.randn(4, 3);
            try (DannModel multilinear = DannModel.mlp(3).features(5).classifier(3).discriminator(2, 1)
                    .conditioning(DomainConditioning.multilinear()).build()) {
                assertArrayEquals(new long[] {2, 15}, TensorChecks.shape(multilinear.stateTensors().get("discriminator.0.weight")));
                assertFalse(multilinear.stateTensors().containsKey("domain_map_features"));
                Tensor f = multilinear.features(x);
                assertArrayEquals(Tensors.toDoubles(multilinear.domainOutputs(f, multilinear.classLogits(f))),
                        Tensors.toDoubles(multilinear.domainOutputsOf(f)));
                String message = assertThrows(IllegalArgumentException.class, () -> multilinear.domainOutputs(f)).getMessage();
                assertTrue(message.contains("use domainOutputs(features, classLogits)"), message);
                assertThrows(IllegalArgumentException.class, () -> multilinear.domainOutputs(f, torch.randn(4, 2)));
            }
            try (DannModel randomized = DannModel.mlp(3).features(5).classifier(3).discriminator(1)
                    .conditioning(DomainConditioning.randomized(6)).build()) {
                assertArrayEquals(new long[] {5, 6}, TensorChecks.shape(randomized.stateTensors().get("domain_map_features")));
                assertArrayEquals(new long[] {3, 6}, TensorChecks.shape(randomized.stateTensors().get("domain_map_classes")));
                assertArrayEquals(new long[] {1, 6}, TensorChecks.shape(randomized.stateTensors().get("discriminator.0.weight")));
                assertEquals(DomainConditioning.randomized(6), randomized.architecture().orElseThrow().conditioning());
            }
            try (DannModel digits = DannModel.digits(3, 28, 10, DomainConditioning.auto(768, 10), 100, 1)) {
                assertArrayEquals(new long[] {100, 1024}, TensorChecks.shape(digits.stateTensors().get("discriminator.0.weight")));
            }
        }
    }
}
