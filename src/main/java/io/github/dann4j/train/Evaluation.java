package io.github.dann4j.train;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Accuracy (classification), MAE and RMSE (regression), domain accuracy and proxy A-distance of a
 * trained model; no gradients are recorded. Counts are summed on the evaluation device and read
 * once, at the end: a GPU is not made to wait for the host after each batch.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * Fraction of samples whose arg-max class equals the label.
     *
     * @throws IllegalArgumentException for an unlabelled dataset, a batch size below 1, or a label
     *     outside {@code 0 .. model.classes() - 1} (such a sample is not "wrong", it is not
     *     something this model can be scored on)
     */
    public static double accuracy(DannModel model, TensorDataset labelled, int batchSize, Device device, ScalarType dtype) {
        if (!labelled.isLabelled()) {
            throw new IllegalArgumentException("accuracy needs a labelled dataset");
        }
        if (model.task() == io.github.dann4j.nn.Task.REGRESSION || labelled.isRegression()) {
            throw new IllegalArgumentException("accuracy is for classification; score a regression model (or targets)"
                    + " with Evaluation.regression");
        }
        requireBatchSize(batchSize);
        model.requireInputShape(labelled.sampleShape(), "the data");
        requireLabelsInRange(labelled, model.classes());
        long correct;
        boolean training = model.isTraining(); // restored after: a model in evaluation mode stays in it
        model.train(false);
        try (PointerScope outer = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor count = onDevice(device); // summed on the device, read once at the end
            for (long start = 0; start < labelled.size(); start += batchSize) {
                try (PointerScope scope = new PointerScope()) {
                    long[] indices = labelled.batchIndices(start, batchSize);
                    Tensor logits = model.predictLogits(labelled.featureBatch(indices, device, dtype));
                    Tensor predicted = logits.argmax(new LongOptional(1), false);
                    count.add_(torch.eq(predicted, labelled.labelBatch(indices, device)).sum());
                }
            }
            correct = count.item_long();
        } finally {
            model.train(training);
        }
        return (double) correct / labelled.size();
    }

    /**
     * MAE and RMSE of a regression model's predictions against the targets of {@code labelled}
     * (see {@link RegressionMetrics}).
     *
     * @throws IllegalArgumentException for a classification model, data without regression
     *     targets, targets of another width than the model's outputs, or a batch size below 1
     */
    public static RegressionMetrics regression(DannModel model, TensorDataset labelled, int batchSize, Device device,
            ScalarType dtype) {
        if (model.task() != io.github.dann4j.nn.Task.REGRESSION) {
            throw new IllegalArgumentException("MAE and RMSE are for a regression model; this one classifies (use accuracy)");
        }
        if (!labelled.isRegression()) {
            throw new IllegalArgumentException("MAE and RMSE need data with regression targets [N, m]");
        }
        if (labelled.targetWidth() != model.classes()) {
            throw new IllegalArgumentException("the data has " + labelled.targetWidth() + " target values per sample but the"
                    + " model predicts " + model.classes());
        }
        requireBatchSize(batchSize);
        model.requireInputShape(labelled.sampleShape(), "the data");
        int m = (int) model.classes();
        double[] absolute;
        double[] squared;
        boolean training = model.isTraining(); // restored after: a model in evaluation mode stays in it
        model.train(false);
        try (PointerScope outer = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            // float64 sums per output, on the device, read once at the end
            Tensor absoluteSums = io.github.dann4j.internal.Tensors.fromLongs(new long[m]).to(device, ScalarType.Double);
            Tensor squaredSums = io.github.dann4j.internal.Tensors.fromLongs(new long[m]).to(device, ScalarType.Double);
            for (long start = 0; start < labelled.size(); start += batchSize) {
                try (PointerScope scope = new PointerScope()) {
                    long[] indices = labelled.batchIndices(start, batchSize);
                    Tensor error = model.predictLogits(labelled.featureBatch(indices, device, dtype)).to(ScalarType.Double)
                            .sub(labelled.labelBatch(indices, device, ScalarType.Double));
                    absoluteSums.add_(error.abs().sum(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
                    squaredSums.add_(error.mul(error).sum(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
                }
            }
            absolute = io.github.dann4j.internal.Tensors.toDoubles(absoluteSums.cpu());
            squared = io.github.dann4j.internal.Tensors.toDoubles(squaredSums.cpu());
        } finally {
            model.train(training);
        }
        long n = labelled.size();
        double[] mae = new double[m];
        double[] rmse = new double[m];
        double allAbsolute = 0;
        double allSquared = 0;
        for (int j = 0; j < m; j++) {
            mae[j] = absolute[j] / n;
            rmse[j] = Math.sqrt(squared[j] / n);
            allAbsolute += absolute[j];
            allSquared += squared[j];
        }
        return new RegressionMetrics(n, mae, rmse, allAbsolute / ((double) n * m), Math.sqrt(allSquared / ((double) n * m)));
    }

    /**
     * Refuses labels outside {@code 0 .. classes - 1}, naming the first such sample.
     *
     * @throws IllegalArgumentException if a label is negative or not below {@code classes}
     */
    public static void requireLabelsInRange(TensorDataset labelled, long classes) {
        long[] range = labelled.labelRange();
        if (range[0] >= 0 && range[1] < classes) {
            return;
        }
        long bad = range[0] < 0 ? range[0] : range[1];
        long sample;
        try (PointerScope scope = new PointerScope()) {
            sample = torch.eq(labelled.labels(), new Scalar((double) bad)).to(ScalarType.Long).argmax().item_long();
        }
        throw new IllegalArgumentException("label " + bad + " of sample " + sample + " is out of range for a model with "
                + classes + " classes (labels 0 to " + (classes - 1) + ")");
    }

    /** A zero int64 counter {@code [1]} on {@code device}, for counts summed there. */
    private static Tensor onDevice(Device device) {
        return io.github.dann4j.internal.Tensors.fromLongs(new long[] {0}).to(device, ScalarType.Long);
    }

    static void requireBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
    }

    /**
     * Accuracy of the model's own domain classifier at telling {@code a} (domain 0) from
     * {@code b} (domain 1), over every output.
     */
    public static double domainAccuracy(DannModel model, TensorDataset a, TensorDataset b, int batchSize, Device device,
            ScalarType dtype) {
        requireBatchSize(batchSize);
        model.requireInputShape(a.sampleShape(), "the first data set");
        model.requireInputShape(b.sampleShape(), "the second data set");
        double threshold = model.domainOutput() == DomainOutput.LOGITS ? 0.0 : 0.5;
        long correct;
        long total = 0;
        boolean training = model.isTraining(); // restored after: a model in evaluation mode stays in it
        model.train(false);
        try (PointerScope outer = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor count = onDevice(device); // summed on the device, read once at the end
            for (int domain = 0; domain < 2; domain++) {
                TensorDataset data = domain == 0 ? a : b;
                for (long start = 0; start < data.size(); start += batchSize) {
                    try (PointerScope scope = new PointerScope()) {
                        long[] indices = data.batchIndices(start, batchSize);
                        Tensor outputs = model.domainOutputsOf(model.features(data.featureBatch(indices, device, dtype)));
                        Tensor right = domain == 0 ? torch.lt(outputs, new Scalar(threshold)) : torch.ge(outputs, new Scalar(threshold));
                        count.add_(right.sum());
                        total += outputs.numel();
                    }
                }
            }
            correct = count.item_long();
        } finally {
            model.train(training);
        }
        return (double) correct / total;
    }

    /** The model's features of every sample, {@code [N, featureSize]}, on the CPU. */
    public static Tensor features(DannModel model, TensorDataset data, int batchSize, Device device, ScalarType dtype) {
        requireBatchSize(batchSize);
        model.requireInputShape(data.sampleShape(), "the data");
        TensorVector parts = new TensorVector();
        boolean training = model.isTraining(); // restored after: a model in evaluation mode stays in it
        model.train(false);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (long start = 0; start < data.size(); start += batchSize) {
                long[] indices = data.batchIndices(start, batchSize);
                parts.push_back(model.features(data.featureBatch(indices, device, dtype)).cpu());
            }
        } finally {
            model.train(training);
        }
        return torch.cat(parts, 0);
    }

    /**
     * The proxy A-distance 2(1 − 2ε) between two feature sets (Ben-David et al.; used by Ganin et
     * al. to show DANN's features are domain-invariant): ε is the test error of a linear domain
     * classifier trained on half of each set (alternating samples) and tested on the other half.
     * Near 2: the domains are easy to tell apart; near 0: indistinguishable.
     *
     * @param featuresA {@code [Na, d]}, domain 0
     * @param featuresB {@code [Nb, d]}, domain 1; at least 2 samples each
     */
    public static double proxyADistance(Tensor featuresA, Tensor featuresB, int epochs, long seed) {
        TensorChecks.requireUsable(featuresA, "featuresA");
        TensorChecks.requireUsable(featuresB, "featuresB");
        if (featuresA.dim() != 2 || featuresB.dim() != 2 || featuresA.size(1) != featuresB.size(1)) {
            throw new IllegalArgumentException("proxy A-distance needs two [N, d] feature sets of the same d; got "
                    + TensorChecks.describe(featuresA) + " and " + TensorChecks.describe(featuresB));
        }
        if (featuresA.size(0) < 2 || featuresB.size(0) < 2) {
            throw new IllegalArgumentException("proxy A-distance needs at least 2 samples per domain");
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor a = featuresA.detach().cpu().to(ScalarType.Float);
            Tensor b = featuresB.detach().cpu().to(ScalarType.Float);
            Tensor[] splitA = alternate(a);
            Tensor[] splitB = alternate(b);
            Tensor trainX = torch.cat(new TensorVector(splitA[0], splitB[0]), 0);
            Tensor trainY = torch.cat(new TensorVector(torch.zeros(splitA[0].size(0), 1), torch.ones(splitB[0].size(0), 1)), 0);
            Tensor testX = torch.cat(new TensorVector(splitA[1], splitB[1]), 0);
            Tensor testY = torch.cat(new TensorVector(torch.zeros(splitA[1].size(0), 1), torch.ones(splitB[1].size(0), 1)), 0);
            // Standardise with the training half's statistics so one learning rate suits any features.
            Tensor mean = trainX.mean(new long[] {0}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
            Tensor std = trainX.std(new long[] {0}, true, true).add(new Scalar(1e-6));
            trainX = trainX.sub(mean).div(std);
            testX = testX.sub(mean).div(std);

            torch.manual_seed(seed);
            LinearImpl classifier = new LinearImpl(a.size(1), 1);
            Optimizer optimizer = OptimizerSpec.adam().create(classifier.parameters(), 0.01);
            for (int epoch = 0; epoch < epochs; epoch++) {
                try (PointerScope step = new PointerScope()) {
                    optimizer.zero_grad();
                    torch.binary_cross_entropy_with_logits(classifier.forward(trainX), trainY).backward();
                    optimizer.step();
                }
            }
            double error;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                Tensor predicted = torch.ge(classifier.forward(testX), new Scalar(0.0)).to(ScalarType.Float);
                error = 1.0 - torch.eq(predicted, testY).to(ScalarType.Double).mean().item_double();
            }
            return 2.0 * (1.0 - 2.0 * Math.min(error, 0.5));
        }
    }

    private static Tensor[] alternate(Tensor x) {
        long n = x.size(0);
        long[] even = new long[(int) ((n + 1) / 2)];
        long[] odd = new long[(int) (n / 2)];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                even[i / 2] = i;
            } else {
                odd[i / 2] = i;
            }
        }
        return new Tensor[] {
            torch.index_select(x, 0, io.github.dann4j.internal.Tensors.fromLongs(even)),
            torch.index_select(x, 0, io.github.dann4j.internal.Tensors.fromLongs(odd))};
    }
}
