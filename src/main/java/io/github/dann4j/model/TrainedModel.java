package io.github.dann4j.model;

import io.github.dann4j.internal.Scopes;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.train.Devices;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A trained DANN model ready for inference: the network in evaluation mode, the preprocessing its
 * training data went through, on one device. Load one from a model folder ({@link #load}) or wrap
 * a model trained through the Java API ({@link #of}); {@link #save} writes a folder that
 * {@code dann4j evaluate} and {@code predict} read.
 *
 * <pre>{@code
 * try (TrainedModel model = TrainedModel.load(Path.of("dann4j-run"))) {
 *     Prediction p = model.predict(new float[][] {{0.3f, -1.2f}});
 *     int c = p.classOf(0);
 *     double[] probabilities = p.probabilities(0);
 * }
 * }</pre>
 *
 * <p>Thread safety: {@code predict} may be called from many threads at once (no gradients are
 * recorded and nothing in the model changes); {@link #close()} waits for running predictions and
 * makes every later call fail with an {@link IllegalStateException}. Inputs are batched
 * internally ({@link PredictOptions#batchSize()}), so any number of inputs takes bounded memory
 * beyond the result. Native memory is released by {@code close()}, never by the GC.
 */
public final class TrainedModel implements AutoCloseable {
    private final DannModel network;
    private final ModelDescription description;
    private final Device device;
    private final String deviceName;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private TrainedModel(DannModel network, ModelDescription description, Device device) {
        this.network = network;
        this.description = description;
        this.device = device;
        this.deviceName = Devices.name(device);
        network.train(false);
    }

    /** The model of a folder written by {@code dann4j train} or {@link #save}, on the CPU. */
    public static TrainedModel load(Path folder) {
        return load(folder, "cpu");
    }

    /**
     * The model of a folder on {@code device}: {@code cpu}, {@code cuda}, {@code cuda:N} or
     * {@code auto}. Everything is read through dann4j's safe reader and checked before a layer is
     * built.
     *
     * @throws IllegalArgumentException for a missing, damaged or inconsistent folder, or a device
     *     that is not available
     */
    public static TrainedModel load(Path folder, String device) {
        if (folder == null) {
            throw new IllegalArgumentException("the model folder is null");
        }
        Device target = Devices.parse(device);
        ModelFolder.Loaded loaded = ModelFolder.load(folder);
        try {
            if (!target.is_cpu()) {
                loaded.model().to(target, loaded.description().dtype());
            }
            return new TrainedModel(loaded.model(), loaded.description(), target);
        } catch (RuntimeException e) {
            loaded.model().close();
            throw e;
        }
    }

    /**
     * Wraps a model trained through the Java API, with the preprocessing its training data got, on
     * the device its parameters are on. The trained model takes ownership: closing it closes
     * {@code model}.
     *
     * @throws IllegalArgumentException for a model with a feature extractor of the caller's own
     *     (it cannot be described, so neither saved nor reloaded), or weights that are not
     *     float32/float64
     */
    public static TrainedModel of(DannModel model, Preprocessor preprocessor) {
        if (model == null || preprocessor == null) {
            throw new IllegalArgumentException("model and preprocessor must not be null");
        }
        ModelDescription description = ModelDescription.of(model.architecture().orElseThrow(() -> new IllegalArgumentException(
                "this model has a feature extractor of its own, which a TrainedModel cannot describe; use DannModel"
                        + " directly")), preprocessor, ModelFolder.dtypeOf(model));
        String where;
        try (PointerScope scope = new PointerScope()) {
            where = Devices.name(model.stateTensors().values().iterator().next().device());
        }
        return new TrainedModel(model, description, new Device(where)); // made outside the scope: it lives on
    }

    /** Writes this model as a model folder (see {@link ModelFolder}). */
    public void save(Path folder) {
        read(() -> {
            ModelFolder.save(network, description.preprocessor(), folder);
            return null;
        });
    }

    /** The architecture, preprocessing, dtype and versions. */
    public ModelDescription description() {
        return description;
    }

    /** The number of classes (of predicted values, for a regression model). */
    public int classes() {
        return (int) description.classes();
    }

    /** The device it runs on, e.g. {@code "cpu"} or {@code "cuda:0"}. */
    public String deviceName() {
        return deviceName;
    }

    /**
     * The network itself, for evaluation code that takes a {@link DannModel} (still owned by this
     * object: do not close it, and do not use it after {@link #close()}).
     */
    public DannModel network() {
        return read(() -> network);
    }

    /**
     * Runs {@code body} on the network while this model cannot be closed (a {@link #close()} from
     * another thread waits for it), e.g. to read its weights for an export. The network stays owned
     * by this object: {@code body} must not close it or keep it.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public <T> T withNetwork(java.util.function.Function<DannModel, T> body) {
        if (body == null) {
            throw new IllegalArgumentException("body is null");
        }
        return read(() -> body.apply(network));
    }

    /** Classes and probabilities of rows of features {@code [N][D]}. */
    public Prediction predict(float[][] rows) {
        return predict(Inputs.features(rows), PredictOptions.DEFAULTS);
    }

    /** Classes and probabilities of rows of float64 features {@code [N][D]}. */
    public Prediction predict(double[][] rows) {
        return predict(Inputs.features(rows), PredictOptions.DEFAULTS);
    }

    /** Classes and probabilities of images. */
    public Prediction predict(BufferedImage... images) {
        if (images == null) {
            throw new IllegalArgumentException("images are null");
        }
        return predict(Inputs.images(Arrays.asList(images)), PredictOptions.DEFAULTS);
    }

    /** Classes and probabilities of any inputs (see {@link Inputs}). */
    public Prediction predict(Inputs inputs) {
        return predict(inputs, PredictOptions.DEFAULTS);
    }

    /**
     * Classes, probabilities and, with {@link PredictOptions#withDomain()}, the domain classifier's
     * target probability, of any inputs, {@code options.batchSize()} at a time.
     *
     * @throws IllegalArgumentException for inputs of another shape than the model takes ("the model
     *     expects 400 features; the input has 800") or that its preprocessing cannot take
     * @throws IllegalStateException after {@link #close()}
     */
    public Prediction predict(Inputs inputs, PredictOptions options) {
        if (inputs == null || options == null) {
            throw new IllegalArgumentException("inputs and options must not be null");
        }
        if (options.domain() && network.domainOutputCount() != 1) {
            throw new IllegalArgumentException("the domain output is a probability for models with one domain output;"
                    + " this one has " + network.domainOutputCount());
        }
        return read(() -> {
            int n = inputs.size();
            int classes = classes();
            boolean regression = description.task() == io.github.dann4j.nn.Task.REGRESSION;
            double[] probabilities = new double[Math.multiplyExact(n, classes)];
            double[] target = options.domain() ? new double[n] : null;
            Inputs.Preparation preparation = new Preparation();
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int start = 0; start < n; start += options.batchSize()) {
                    int count = Math.min(options.batchSize(), n - start);
                    try (PointerScope scope = new PointerScope()) {
                        Tensor x = inputs.batch(start, count, preparation);
                        Tensor features = network.features(x);
                        Tensor outputs = network.classLogits(features);
                        // A regression model's outputs are its predicted values: no softmax.
                        Tensor p = regression ? outputs : torch.softmax(outputs, 1);
                        System.arraycopy(Tensors.toDoubles(p), 0, probabilities, start * classes, count * classes);
                        if (target != null) {
                            Tensor d = network.domainOutputsOf(features);
                            if (network.domainOutput() == DomainOutput.LOGITS) {
                                d = torch.sigmoid(d);
                            }
                            System.arraycopy(Tensors.toDoubles(d), 0, target, start, count);
                        }
                    }
                }
            }
            return regression ? Prediction.ofValues(classes, probabilities, target)
                    : Prediction.of(classes, probabilities, target);
        });
    }

    /** The feature extractor's output of any inputs (see {@link #features(Inputs, PredictOptions)}). */
    public double[][] features(Inputs inputs) {
        return features(inputs, PredictOptions.DEFAULTS);
    }

    /**
     * The feature extractor's output f(x) of any inputs, {@code [N][featureSize]} (the input of both
     * the class and the domain classifier), computed {@code options.batchSize()} at a time after
     * the model's preprocessing, so only the result grows with N. As doubles: a float32 model's
     * values exactly, a float64 model's unrounded. For the feature-space figure
     * ({@code io.github.dann4j.plot.FeatureSpace}) or any analysis of what the model has learnt.
     *
     * @throws IllegalArgumentException for inputs of another shape than the model takes
     * @throws IllegalStateException after {@link #close()}
     */
    public double[][] features(Inputs inputs, PredictOptions options) {
        if (inputs == null || options == null) {
            throw new IllegalArgumentException("inputs and options must not be null");
        }
        return read(() -> {
            int n = inputs.size();
            int width = Math.toIntExact(network.featureSize());
            double[][] rows = new double[n][];
            Inputs.Preparation preparation = new Preparation();
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int start = 0; start < n; start += options.batchSize()) {
                    int count = Math.min(options.batchSize(), n - start);
                    try (PointerScope scope = new PointerScope()) {
                        double[] values = Tensors.toDoubles(network.features(inputs.batch(start, count, preparation)));
                        for (int i = 0; i < count; i++) {
                            rows[start + i] = Arrays.copyOfRange(values, i * width, (i + 1) * width);
                        }
                    }
                }
            }
            return rows;
        });
    }

    /**
     * Raw data {@code [N, ...]} as the network takes it: the preprocessing, a check of the sample
     * shape (naming {@code what}, e.g. "--data x.csv"), the model's dtype and device. The result
     * belongs to the caller's scope; {@code raw} is not modified.
     */
    public Tensor prepare(Tensor raw, String what) {
        TensorChecks.requireUsable(raw, "input");
        return read(() -> Scopes.returning(() -> {
            Tensor shaped = description.preprocessor().shape(raw);
            network.requireInputShape(sampleShape(shaped), what);
            return description.preprocessor().normalize(shaped).to(device, description.dtype());
        }));
    }

    /** The two ways a batch becomes the network's input. */
    private final class Preparation implements Inputs.Preparation {
        @Override
        public Tensor raw(Tensor batch, String name) {
            return prepare(batch, name);
        }

        @Override
        public Tensor ready(Tensor batch, String name) {
            network.requireInputShape(sampleShape(batch), name);
            return Scopes.returning(() -> batch.to(device, description.dtype()));
        }
    }

    /** One sample's shape: the tensor's without the batch dimension. */
    private static long[] sampleShape(Tensor batch) {
        return Arrays.copyOfRange(TensorChecks.shape(batch), 1, (int) batch.dim());
    }

    private <T> T read(java.util.function.Supplier<T> body) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this TrainedModel is closed");
            }
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Releases the network; waits for predictions that are running. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                network.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "TrainedModel(" + description + ", on " + deviceName + ")";
    }

}
