package io.github.dann4j.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Scores whose values follow from their definitions, the registry, and the one-line refusals. */
class ValidatorsKnownAnswersTest {
    private static final int N = 12;
    private static final int C = 4;

    private static double[][] constant(int rows, int cols, double value) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            java.util.Arrays.fill(row, value);
        }
        return m;
    }

    /** Row i puts logit 50 on class i mod C: one-hot up to e^-50, every class used N / C times. */
    private static double[][] oneHot(int rows) {
        double[][] m = new double[rows][C];
        for (int i = 0; i < rows; i++) {
            m[i][i % C] = 50;
        }
        return m;
    }

    private static double[][] gaussian(int rows, int cols, double shift, long seed) {
        Random random = new Random(seed);
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = shift + random.nextGaussian();
            }
        }
        return m;
    }

    @Test
    void uniformPredictions() {
        ModelOutputs uniform = ModelOutputs.ofTarget(constant(N, C, 0.3), constant(N, 3, 1));
        assertEquals(Math.log(C), new PredictionEntropy().score(uniform), 1e-12, "entropy of uniform predictions is log C");
        assertEquals(0, new InformationMaximization().score(uniform), 1e-12, "IM of uniform predictions is 0");
        // P = (1/C) 1 1^T has rank 1, singular value (1/C) sqrt(N C); over N: 1 / sqrt(N C).
        assertEquals(1 / Math.sqrt(N * C), new BatchNuclearNorm().score(uniform), 1e-12);
        // Every similarity equal: each row's softmax over its N - 1 neighbours is uniform.
        assertEquals(Math.log(N - 1), new SoftNeighborhoodDensity().score(uniform), 1e-9);
    }

    @Test
    void oneHotPredictionsUsingEveryClass() {
        ModelOutputs oneHot = ModelOutputs.ofTarget(oneHot(N), constant(N, 3, 1));
        assertEquals(0, new PredictionEntropy().score(oneHot), 1e-15, "entropy of one-hot predictions is 0");
        assertEquals(Math.log(C), new InformationMaximization().score(oneHot), 1e-12, "IM: log C when classes are balanced");
        // C orthogonal columns of N/C ones: singular values sqrt(N/C) each; sum C sqrt(N/C) = sqrt(N C); over N.
        assertEquals(Math.sqrt((double) C / N), new BatchNuclearNorm().score(oneHot), 1e-12);
        // Similarity 1 to the N/C - 1 others of one's class, 0 to the rest; at tau 0.05 the softmax is
        // uniform on the own class up to e^-20: SND = log(N/C - 1).
        assertEquals(Math.log((double) N / C - 1), new SoftNeighborhoodDensity().score(oneHot), 1e-6);
        // Every prediction the same class: IM 0; P has rank 1 with singular value sqrt(N), so BNM 1/sqrt(N).
        double[][] same = new double[N][C];
        for (double[] row : same) {
            row[2] = 50;
        }
        ModelOutputs collapsed = ModelOutputs.ofTarget(same, constant(N, 3, 1));
        assertEquals(0, new InformationMaximization().score(collapsed), 1e-12);
        assertEquals(1 / Math.sqrt(N), new BatchNuclearNorm().score(collapsed), 1e-12);
    }

    @Test
    void sourceAccuracyAndDevOnIndistinguishableDomains() {
        double[][] features = gaussian(20, 3, 0, 1);
        double[][] logits = oneHot(10);
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            labels[i] = i < 7 ? i % C : (i + 1) % C; // 7 of 10 right
        }
        ModelOutputs outputs = ModelOutputs.ofTarget(oneHot(20), features)
                .withSource(logits, java.util.Arrays.copyOf(features, 10), labels)
                .withSourceTrain(features); // the domain classifier sees the same points as source and target
        assertEquals(0.7, new SourceAccuracy().score(outputs), 1e-15);
        // Identical sets: the gradient is 0 at w = 0 and stays so; every weight is n_s/n_t = 1, so
        // DEV is the mean cross-entropy of the source validation samples.
        double meanLoss = 0;
        for (int i = 0; i < 10; i++) {
            double logSum = 50 + Math.log(1 + (C - 1) * Math.exp(-50));
            meanLoss += (labels[i] == i % C ? logSum - 50 : logSum) / 10;
        }
        assertEquals(meanLoss, new DeepEmbeddedValidation().score(outputs), 1e-9);
    }

    @Test
    void devWeightsTheSourceSamplesThatLookLikeTheTarget() {
        // Source validation losses: high on samples near the target, low elsewhere; DEV must exceed
        // the plain mean loss, which ignores the shift.
        double[][] train = gaussian(200, 2, 0, 3);
        double[][] target = gaussian(200, 2, 1.5, 4);
        double[][] validation = gaussian(100, 2, 0, 5);
        double[][] logits = new double[100][2];
        int[] labels = new int[100];
        double plain = 0;
        for (int i = 0; i < 100; i++) {
            boolean nearTarget = validation[i][0] + validation[i][1] > 1.5;
            logits[i][0] = nearTarget ? -2 : 2; // right (label 0) far from the target, wrong near it
            plain += -(logits[i][0] - Math.log(Math.exp(logits[i][0]) + 1)) / 100;
        }
        ModelOutputs outputs = ModelOutputs.ofTarget(gaussian(200, 2, 0, 6), target).withSource(logits, validation, labels)
                .withSourceTrain(train);
        double dev = new DeepEmbeddedValidation().score(outputs);
        assertTrue(dev > plain * 1.5, "dev " + dev + " vs the unweighted mean loss " + plain);
    }

    @Test
    void proxyADistanceOfIdenticalAndSeparatedFeatures() {
        double[][] features = gaussian(40, 3, 0, 7);
        ModelOutputs same = ModelOutputs.ofTarget(oneHot(40), features).withSource(oneHot(40), features, new int[40]);
        // Each test point appears once per domain with the same prediction: exactly half right.
        assertEquals(0, new ProxyADistance().score(same), 1e-12);
        ModelOutputs far = ModelOutputs.ofTarget(oneHot(40), gaussian(40, 3, 10, 8)).withSource(oneHot(40), features,
                new int[40]);
        assertEquals(2, new ProxyADistance().score(far), 1e-12);
    }

    @Test
    void missingSourceIsOneLineNamingTheValidator() {
        ModelOutputs targetOnly = ModelOutputs.ofTarget(oneHot(N), constant(N, 3, 1));
        for (String name : List.of("source-accuracy", "dev", "pad")) {
            Validator v = Validators.named(name);
            assertTrue(v.needsSource());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.score(targetOnly));
            assertTrue(e.getMessage().startsWith(name + " needs labelled source data"), e.getMessage());
        }
        ModelOutputs noTrain = targetOnly.withSource(oneHot(4), constant(4, 3, 1), new int[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeepEmbeddedValidation().score(noTrain));
        assertTrue(e.getMessage().startsWith("dev needs source-train features"), e.getMessage());
    }

    @Test
    void registryAndBadInputs() {
        assertEquals(List.of("source-accuracy", "entropy", "im", "bnm", "snd", "dev", "pad", "reverse-source-only",
                "reverse-dann"), Validators.names());
        assertEquals(List.of("snd", "source-accuracy", "entropy", "im", "bnm", "dev", "pad", "reverse-source-only", "reverse-dann"),
                Validators.parse("snd,all").stream().map(Validator::name).toList());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Validators.named("accuracy"));
        assertTrue(unknown.getMessage().startsWith("unknown validator 'accuracy'; the validators are source-accuracy"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelOutputs.ofTarget(oneHot(3), constant(4, 2, 0)));
        double[][] nan = oneHot(3);
        nan[1][2] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelOutputs.ofTarget(nan, constant(3, 2, 0)))
                .getMessage().contains("row 1 holds NaN"));
        ModelOutputs t = ModelOutputs.ofTarget(oneHot(3), constant(3, 2, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.withSource(oneHot(2), constant(2, 2, 0), new int[] {0, 4}))
                .getMessage().contains("source label 4 of sample 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.withSourceTrain(constant(2, 5, 0)))
                .getMessage().contains("is 5 wide; expected 2"));
    }

    @Test
    void rankingChoosesInEachDirectionAndCorrelatesRanks() {
        double[] scores = {0.2, Double.NaN, 0.9, 0.5, 0.9};
        assertEquals(2, Ranking.best(scores, Direction.HIGHER_IS_BETTER), "the first of equal best");
        assertEquals(0, Ranking.best(scores, Direction.LOWER_IS_BETTER));
        assertEquals(-1, Ranking.best(new double[] {Double.NaN}, Direction.LOWER_IS_BETTER));
        assertEquals(1, Ranking.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 35, 100}), 1e-15, "monotone");
        assertEquals(-1, Ranking.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
        // Ties share ranks: x ranks (1.5, 1.5, 3), y ranks (1, 2, 3): rho = 0.8660...
        assertEquals(Math.sqrt(3) / 2, Ranking.spearman(new double[] {5, 5, 7}, new double[] {1, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(Ranking.spearman(new double[] {1, 1}, new double[] {1, 2})), "constant side");
        assertEquals(1, Ranking.spearman(new double[] {1, Double.NaN, 3}, new double[] {1, 5, 2}), 1e-15, "NaN pairs left out");
        assertEquals(3.0, Direction.LOWER_IS_BETTER.oriented(-3.0));
    }
}
