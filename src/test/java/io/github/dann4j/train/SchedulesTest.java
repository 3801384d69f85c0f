package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void paperLambdaRisesFromZeroTowardsItsMaximum() {
        LambdaSchedule paper = LambdaSchedule.paper();
        assertEquals(0.0, paper.at(0.0));
        assertEquals(2.0 / (1.0 + Math.exp(-5.0)) - 1.0, paper.at(0.5), 1e-15);
        assertTrue(paper.at(1.0) > 0.9999 && paper.at(1.0) < 1.0);
        double previous = -1;
        for (int i = 0; i <= 100; i++) {
            double value = paper.at(i / 100.0);
            assertTrue(value > previous, "not increasing at p=" + i / 100.0);
            previous = value;
        }
        LambdaSchedule scaled = LambdaSchedule.paper(0.3, 10);
        assertEquals(0.3 * paper.at(0.4), scaled.at(0.4), 1e-15);
    }

    @Test
    void warmStartGoesFromLowTowardsHigh() {
        LambdaSchedule warm = LambdaSchedule.warmStart(0.1, 1.0, 10);
        assertEquals(0.1, warm.at(0.0));
        assertEquals(0.1 + 0.9 * LambdaSchedule.paper().at(0.7), warm.at(0.7), 1e-15);
    }

    @Test
    void paperLearningRateAnneals() {
        LearningRateSchedule lr = LearningRateSchedule.paper();
        assertEquals(0.01, lr.at(0.0));
        assertEquals(0.01 / Math.pow(11.0, 0.75), lr.at(1.0), 1e-18);
        assertEquals(0.05, LearningRateSchedule.constant(0.05).at(0.9));
    }

    @Test
    void specsRoundTripThroughParse() {
        for (LambdaSchedule s : new LambdaSchedule[] {LambdaSchedule.constant(0.5), LambdaSchedule.paper(0.8, 5),
                LambdaSchedule.warmStart(0.2, 0.9, 10)}) {
            LambdaSchedule parsed = LambdaSchedule.parse(s.spec());
            assertEquals(s.spec(), parsed.spec());
            assertEquals(s.at(0.37), parsed.at(0.37));
        }
        for (LearningRateSchedule s : new LearningRateSchedule[] {LearningRateSchedule.constant(0.1),
                LearningRateSchedule.paper(0.02, 5, 0.5)}) {
            assertEquals(s.at(0.37), LearningRateSchedule.parse(s.spec()).at(0.37));
        }
        assertEquals("momentum:0.9", OptimizerSpec.parse("momentum").spec());
        assertEquals("adam", OptimizerSpec.parse("Adam").spec());
    }

    @Test
    void badSchedulesAreRejectedWithTheirSpec() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.parse("linear:1"))
                .getMessage().contains("linear:1"));
        assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.parse("constant:x"));
        assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("rmsprop"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.sgdMomentum(1.0));
    }
}
