package io.github.dann4j.nn;

import io.github.dann4j.NativeOpException;
import io.github.dann4j.grl.GradientReversalLayer;
import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.runtime.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.SequentialImpl;
import org.bytedeco.pytorch.SigmoidImpl;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringTensorDictItem;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A DANN model (Ganin et al., JMLR 2016): feature extractor g_f, label predictor g_y on the
 * features, and domain classifier g_d on the features seen through a gradient reversal layer.
 *
 * <p>Its parameters are named as in a PyTorch module with three {@code nn.Sequential} children
 * {@code feature}, {@code classifier} and {@code discriminator} ({@code feature.0.weight}, ...),
 * so that state_dict files move between Java and Python.
 *
 * <p>Shapes: inputs {@code [batch, ...]}; features {@code [batch, featureSize]}; class logits
 * {@code [batch, classes]}; domain outputs {@code [batch, domainOutputs]}.
 *
 * <p>The model owns its modules; {@link #close()} releases them.
 *
 * <p>Before any layer exists, the builders check the parameter count the layer sizes imply
 * ({@link ModelSize}) against {@link Limits#memoryBytes()} (at 4 bytes a parameter, as built
 * in float32) and the number of classes against {@link Limits#classes()}: a model description
 * with 30,000-wide layers is refused with one line instead of allocating gigabytes.
 */
public final class DannModel implements AutoCloseable {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private final Module root;
    private final FeatureExtractor feature;
    private final SequentialImpl classifier;
    private final SequentialImpl discriminator;
    private final GradientReversalLayer gradientReversal = new GradientReversalLayer(1.0);
    private final DomainOutput domainOutput;
    private final long classes;
    private final long domainOutputs;
    private final long multiplyAddsPerSample;
    private final Architecture architecture; // null for a feature extractor of the caller's own
    private final DomainConditioning conditioning;
    private final Task task;
    private final Tensor randomFeatures; // R_f of the randomized map, a buffer of root; null otherwise
    private final Tensor randomClasses; // R_g
    private boolean buffersReleased; // close() may be called again

    private DannModel(FeatureExtractor feature, SequentialImpl classifier, SequentialImpl discriminator,
            DomainOutput domainOutput, long classes, long domainOutputs, long multiplyAddsPerSample,
            Architecture architecture, DomainConditioning conditioning, Task task) {
        this.architecture = architecture;
        this.conditioning = conditioning;
        this.task = task;
        this.root = new Module("DannModel");
        this.feature = feature;
        this.classifier = classifier;
        this.discriminator = discriminator;
        this.domainOutput = domainOutput;
        this.classes = classes;
        this.domainOutputs = domainOutputs;
        this.multiplyAddsPerSample = multiplyAddsPerSample;
        root.register_module("feature", feature.module());
        root.register_module("classifier", classifier);
        root.register_module("discriminator", discriminator);
        if (conditioning.kind() == DomainConditioning.Kind.RANDOMIZED) {
            // Drawn after every layer, so that the layers' initial weights are those of the same
            // seed without the map; registered as buffers, so they are saved, loaded and moved.
            // register_buffer returns a reference into the module's buffer list, which the next
            // registration may move: each is copied at once into a handle of our own (sharing the
            // tensor, so loading and to() reach it), kept beyond the caller's PointerScope until close().
            long width = conditioning.randomizedWidth();
            this.randomFeatures = ownHandle(root.register_buffer("domain_map_features",
                    torch.randn(feature.featureSize(), width)));
            this.randomClasses = ownHandle(root.register_buffer("domain_map_classes", torch.randn(classes, width)));
        } else {
            this.randomFeatures = null;
            this.randomClasses = null;
        }
    }

    private static Tensor ownHandle(Tensor registered) {
        Tensor own = new Tensor(registered);
        own.retainReference();
        return own;
    }

    /** A builder for an MLP model on inputs {@code [batch, inputSize]}. */
    public static Builder mlp(long inputSize) {
        return new Builder(inputSize);
    }

    /**
     * The paper's digits network for square images {@code [batch, channels, side, side]}
     * (e.g. 1 or 3 channels, side 28): label head FC 100 → FC 100 → classes, domain head
     * FC 100 → 1, ReLU between, logits.
     */
    public static DannModel digits(long channels, long side, long classes) {
        return digits(channels, side, classes, DigitsNetwork.paperDomainHead());
    }

    /**
     * The digits network with another domain head: {@code domainHeadSizes} are its layer widths
     * after the features (768 wide for 28×28 inputs), the last being the number of domain outputs
     * (the paper's head is {@code 100, 1}; {@code 1024, 1024, 1} is a larger one). The label head
     * is the paper's.
     *
     * @throws IllegalArgumentException for no sizes or a size that is not positive
     */
    public static DannModel digits(long channels, long side, long classes, long... domainHeadSizes) {
        return digits(channels, side, classes, DomainConditioning.none(), domainHeadSizes);
    }

    /**
     * The digits network with the domain head {@code domainHeadSizes} on {@code conditioning}'s
     * map of features and class prediction (CDAN; {@link DomainConditioning#none()}: DANN).
     */
    public static DannModel digits(long channels, long side, long classes, DomainConditioning conditioning,
            long... domainHeadSizes) {
        return digits(channels, side, classes, Task.CLASSIFICATION, conditioning, domainHeadSizes);
    }

    /**
     * The digits network for {@code task}: with {@link Task#REGRESSION} the label head is FC 100 →
     * FC 100 → {@code outputs} predicted values (at least 1) instead of class logits.
     */
    public static DannModel digits(long channels, long side, long outputs, Task task, DomainConditioning conditioning,
            long... domainHeadSizes) {
        long classes = outputs;
        if (task == null) {
            throw new IllegalArgumentException("task is null; Task.CLASSIFICATION or Task.REGRESSION");
        }
        if (conditioning == null) {
            throw new IllegalArgumentException("conditioning is null; DomainConditioning.none() for DANN");
        }
        if (domainHeadSizes == null || domainHeadSizes.length == 0) {
            throw new IllegalArgumentException("the domain head needs at least one layer size (the last is the number of outputs)");
        }
        long featureSize = DigitsNetwork.featureSize(side);
        // Checked before the feature extractor exists, so that nothing native is left behind.
        for (long size : domainHeadSizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("domain head sizes must be positive, got "
                        + java.util.Arrays.toString(domainHeadSizes));
            }
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        ModelSize.require(ModelSize.digits(channels, side, classes, conditioning, domainHeadSizes), classes,
                "the digits network for " + channels + "x" + side + "x" + side + " inputs and " + classes + " classes"
                        + (conditioning.conditional() ? " on the " + conditioning + " domain map" : ""));
        Architecture architecture = Architecture.digits(channels, side, classes, domainHeadSizes)
                .withConditioning(conditioning).withTask(task);
        Builder builder = new Builder(featureSize)
                .conditioning(conditioning)
                .task(task)
                .featureExtractor(DigitsNetwork.featureExtractor(channels, side))
                .activation(Activation.RELU)
                .classifier(DigitsNetwork.paperLabelHead(classes))
                .discriminator(domainHeadSizes);
        builder.architecture = architecture;
        return builder.build();
    }

    /**
     * g_f(x): {@code [batch, ...]} → {@code [batch, featureSize]}.
     *
     * @throws IllegalArgumentException for a null, closed or undefined input
     * @throws NativeOpException if libtorch rejects it (a wrong shape, dtype or device)
     */
    public Tensor features(Tensor input) {
        TensorChecks.requireUsable(input, "input");
        long[] expected = feature.inputShape();
        if (expected != null) {
            long[] shape = TensorChecks.shape(input);
            long[] sample = shape.length == 0 ? shape : java.util.Arrays.copyOfRange(shape, 1, shape.length);
            if (!java.util.Arrays.equals(expected, sample)) { // the message only when needed: it costs a Device
                InputShape.require(expected, sample, "the input", "input " + TensorChecks.describe(input)
                        + (shape.length == expected.length ? "; inputs are [batch, ...]" : ""));
            }
        }
        return run("feature extractor forward", input, () -> feature.forward(input));
    }

    /** g_y(f): features {@code [batch, featureSize]} → class logits {@code [batch, classes]}. */
    public Tensor classLogits(Tensor features) {
        TensorChecks.requireUsable(features, "features");
        requireFeatureWidth(features, "classifier");
        return run("classifier forward", features, () -> classifier.forward(features));
    }

    private void requireFeatureWidth(Tensor features, String part) {
        long width = feature.featureSize();
        if (features.dim() < 1 || features.size(features.dim() - 1) != width) {
            throw new IllegalArgumentException("the " + part + " expects " + width + " features (the feature extractor's"
                    + " output width); got features " + TensorChecks.describe(features));
        }
    }

    /**
     * The shape of one input sample, e.g. {@code [400]} for an MLP on 400 features or
     * {@code [3, 28, 28]} for the digits network; null when the feature extractor does not declare
     * it ({@link FeatureExtractor#withInputShape}).
     */
    public long[] inputShape() {
        return feature.inputShape();
    }

    /**
     * Refuses data whose samples do not have this model's {@link #inputShape()} (nothing is checked
     * when it is not known), with a message naming both: "the model expects 400 features; the data
     * has 800", "the model expects [3, 28, 28] images; the data has [1, 28, 28]".
     *
     * @param sampleShape the shape of one sample, without the batch dimension
     * @param data names the data in the message, e.g. "the data" or "the validation data"
     * @throws IllegalArgumentException if the shapes differ
     */
    public void requireInputShape(long[] sampleShape, String data) {
        if (sampleShape == null) {
            throw new IllegalArgumentException("the sample shape must not be null");
        }
        InputShape.require(feature.inputShape(), sampleShape, data);
    }

    /** Runs a forward pass, turning libtorch's errors into exceptions that name the part and the input. */
    private static Tensor run(String operation, Tensor input, java.util.function.Supplier<Tensor> forward) {
        try {
            return forward.get();
        } catch (IllegalArgumentException | NativeOpException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NativeOpException(operation, TensorChecks.describe(input), Messages.firstLine(e.getMessage()), e);
        }
    }

    /**
     * g_d(GRL(f)): features → domain outputs {@code [batch, domainOutputs]} (logits, or
     * probabilities in {@link DomainOutput#PROBABILITIES} mode). The gradient reaching the
     * features is multiplied by {@code -gradientReversal().getLambda()}.
     */
    public Tensor domainOutputs(Tensor features) {
        TensorChecks.requireUsable(features, "features");
        if (conditioning.conditional()) {
            throw new IllegalArgumentException("this model's domain classifier is conditioned on the class prediction ("
                    + conditioning + "); use domainOutputs(features, classLogits)");
        }
        requireFeatureWidth(features, "domain classifier");
        return run("domain classifier forward", features, () -> discriminator.forward(gradientReversal.forward(features)));
    }

    /**
     * The domain outputs of features and their class logits {@code [batch, classes]}:
     * {@code g_d(GRL(h))} with h the {@link #conditioning()} map of f and {@code g =
     * softmax(logits)} (CDAN), or {@code g_d(GRL(f))} when the model is not conditioned (the logits
     * are then not used). The reversed gradient reaches the features and, through g, the label
     * predictor, as in the paper's minimax.
     */
    public Tensor domainOutputs(Tensor features, Tensor classLogits) {
        if (!conditioning.conditional()) {
            return domainOutputs(features);
        }
        TensorChecks.requireUsable(features, "features");
        TensorChecks.requireUsable(classLogits, "class logits");
        requireFeatureWidth(features, "domain classifier");
        if (classLogits.dim() != 2 || classLogits.size(1) != classes || classLogits.size(0) != features.size(0)) {
            throw new IllegalArgumentException("the domain map needs class logits [" + features.size(0) + ", " + classes
                    + "]; got " + TensorChecks.describe(classLogits));
        }
        return run("domain classifier forward", features,
                () -> discriminator.forward(gradientReversal.forward(domainMap(features, torch.softmax(classLogits, 1)))));
    }

    /**
     * The domain outputs of features, whatever the model's conditioning: {@link #domainOutputs(Tensor)}
     * for a DANN model; for a CDAN model {@link #domainOutputs(Tensor, Tensor)} with the class
     * logits the model itself predicts from the features. For evaluation and inference, where no
     * logits are at hand.
     */
    public Tensor domainOutputsOf(Tensor features) {
        return conditioning.conditional() ? domainOutputs(features, classLogits(features)) : domainOutputs(features);
    }

    /** The conditioning map h(f, g) of {@link DomainConditioning}; {@code f} itself when not conditioned. */
    Tensor domainMap(Tensor features, Tensor probabilities) {
        return switch (conditioning.kind()) {
            case NONE -> features;
            case MULTILINEAR -> torch.bmm(probabilities.unsqueeze(2), features.unsqueeze(1))
                    .reshape(features.size(0), features.size(1) * classes);
            case RANDOMIZED -> torch.mm(features, randomFeatures)
                    .div(new Scalar(Math.sqrt((double) conditioning.randomizedWidth())))
                    .mul(torch.mm(probabilities, randomClasses));
        };
    }

    /** What the domain classifier sees: the features (DANN) or a map of features and class prediction (CDAN). */
    public DomainConditioning conditioning() {
        return conditioning;
    }

    /**
     * What the label predictor learns: class logits ({@link Task#CLASSIFICATION}) or predicted
     * values ({@link Task#REGRESSION}; {@link #classes()} is then the number of values).
     */
    public Task task() {
        return task;
    }

    /** Class logits for inputs: g_y(g_f(x)). */
    public Tensor predictLogits(Tensor input) {
        return classLogits(features(input));
    }

    /**
     * What this model is made of, so that it can be rebuilt (and saved as a model folder): present
     * for models built by {@link #mlp} and {@link #digits}, empty for a feature extractor of the
     * caller's own ({@link Builder#featureExtractor}).
     */
    public java.util.Optional<Architecture> architecture() {
        return java.util.Optional.ofNullable(architecture);
    }

    /** The GRL between the features and the domain classifier; a schedule sets its lambda. */
    public GradientReversalLayer gradientReversal() {
        return gradientReversal;
    }

    public DomainOutput domainOutput() {
        return domainOutput;
    }

    public long classes() {
        return classes;
    }

    public long domainOutputCount() {
        return domainOutputs;
    }

    /**
     * Multiply-adds of one sample's forward pass through g_f, g_y and g_d, or 0 when the feature
     * extractor does not say (a custom one). Drives the trainer's default thread count.
     */
    public long multiplyAddsPerSample() {
        return multiplyAddsPerSample;
    }

    public long featureSize() {
        return feature.featureSize();
    }

    /** The root module, with children feature, classifier, discriminator. */
    public Module module() {
        return root;
    }

    /** Parameters and buffers by PyTorch state_dict key, in registration order. */
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        addAll(named, root.named_parameters(true));
        addAll(named, root.named_buffers());
        return named;
    }

    private static void addAll(Map<String, Tensor> into, StringTensorDict dict) {
        for (long i = 0; i < dict.size(); i++) {
            StringTensorDictItem item = dict.get(i);
            into.put(item.key().getString(), item.value());
        }
    }

    /** Moves every parameter and buffer to {@code device} and {@code dtype}. */
    public void to(Device device, ScalarType dtype) {
        root.to(device, dtype, false);
    }

    /** Whether the model is in training mode ({@link #train}). */
    public boolean isTraining() {
        return root.is_training();
    }

    /** Training mode (true) or evaluation mode (false), for modules that care (dropout, batch norm). */
    public void train(boolean on) {
        root.train(on);
    }

    @Override
    public void close() {
        if (randomFeatures != null && !buffersReleased) {
            buffersReleased = true;
            randomFeatures.releaseReference();
            randomClasses.releaseReference();
        }
        root.close();
        classifier.close();
        discriminator.close();
        feature.module().close();
    }

    /** Builds a DANN model from MLP parts or a given feature extractor. */
    public static final class Builder {
        private final long inputSize;
        private long[] featureSizes;
        private FeatureExtractor featureExtractor;
        private long[] classifierSizes;
        private long[] discriminatorSizes = {1};
        private Activation activation = Activation.RELU;
        private DomainOutput domainOutput = DomainOutput.LOGITS;
        private DomainConditioning conditioning = DomainConditioning.none();
        private Task task = Task.CLASSIFICATION;
        /** Set by {@link DannModel#digits}, whose feature extractor is known though given. */
        private Architecture architecture;

        private Builder(long inputSize) {
            if (inputSize <= 0) {
                throw new IllegalArgumentException("input size must be positive, got " + inputSize);
            }
            this.inputSize = inputSize;
        }

        /** g_f as an MLP with these layer widths, each followed by the activation. */
        public Builder features(long... sizes) {
            this.featureSizes = sizes.clone();
            this.featureExtractor = null;
            return this;
        }

        /** g_f as a given module; its output width must be {@code featureExtractor.featureSize()}. */
        public Builder featureExtractor(FeatureExtractor featureExtractor) {
            this.featureExtractor = featureExtractor;
            this.featureSizes = null;
            return this;
        }

        /** g_y's layer widths; the last is the number of classes. */
        public Builder classifier(long... sizes) {
            this.classifierSizes = sizes.clone();
            return this;
        }

        /** g_d's layer widths; the last is the number of domain outputs (usually 1). Default {1}. */
        public Builder discriminator(long... sizes) {
            this.discriminatorSizes = sizes.clone();
            return this;
        }

        /** The activation of every hidden layer. Default ReLU. */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** Logits (default) or probabilities from the domain classifier. */
        public Builder domainOutput(DomainOutput domainOutput) {
            this.domainOutput = domainOutput;
            return this;
        }

        /**
         * What the domain classifier sees: {@link DomainConditioning#none()} (DANN, the default) or
         * a map of features and class prediction (CDAN); its first layer takes the map's width.
         */
        public Builder conditioning(DomainConditioning conditioning) {
            this.conditioning = conditioning;
            return this;
        }

        /**
         * What the label predictor learns: {@link Task#CLASSIFICATION} (the default; the last
         * classifier width is the number of classes, at least 2) or {@link Task#REGRESSION} (the
         * last width is the number of predicted values, at least 1; the domain classifier must then
         * see the features, as CDAN's map needs class probabilities).
         */
        public Builder task(Task task) {
            this.task = task;
            return this;
        }

        public DannModel build() {
            if (task == null) {
                throw new IllegalArgumentException("task must not be null");
            }
            if (classifierSizes == null || classifierSizes.length == 0) {
                throw new IllegalArgumentException("classifier sizes are not set (the last one is the number of "
                        + (task == Task.REGRESSION ? "predicted values)" : "classes)"));
            }
            if (classifierSizes[classifierSizes.length - 1] < task.minimumOutputs()) {
                throw new IllegalArgumentException(task == Task.REGRESSION
                        ? "the regression head needs at least 1 output, got " + classifierSizes[classifierSizes.length - 1]
                        : "the classifier needs at least 2 classes, got " + classifierSizes[classifierSizes.length - 1]);
            }
            if (task == Task.REGRESSION && conditioning != null && conditioning.conditional()) {
                throw new IllegalArgumentException("a regression model cannot have the " + conditioning + " domain map:"
                        + " CDAN conditions on class probabilities, which regression does not predict (use dann)");
            }
            if (discriminatorSizes == null || discriminatorSizes.length == 0) {
                throw new IllegalArgumentException("discriminator sizes are empty");
            }
            if (domainOutput == null || activation == null || conditioning == null) {
                throw new IllegalArgumentException("activation, domain output and conditioning must not be null");
            }
            FeatureExtractor feature = featureExtractor;
            if (feature == null && featureSizes == null) {
                throw new IllegalArgumentException("set the feature extractor: features(sizes...) or featureExtractor(...)");
            }
            long classes = classifierSizes[classifierSizes.length - 1];
            // Checked before a layer exists; a given feature extractor's own parameters already do.
            long width = feature != null ? feature.featureSize() : featureSizes.length == 0 ? inputSize
                    : featureSizes[featureSizes.length - 1];
            long domainWidth = conditioning.inputWidth(width, classes);
            long parameters = Limits.plus(feature != null ? 0 : Mlp.parameterCount(inputSize, featureSizes),
                    ModelSize.heads(width, classifierSizes, domainWidth, discriminatorSizes, conditioning));
            ModelSize.require(parameters, classes, "a model with " + (feature != null ? "a " + width + "-wide feature extractor"
                    : "feature layers " + java.util.Arrays.toString(featureSizes)) + ", classifier "
                    + java.util.Arrays.toString(classifierSizes) + " and discriminator " + java.util.Arrays.toString(discriminatorSizes)
                    + (conditioning.conditional() ? " on the " + conditioning + " domain map (" + domainWidth + " wide)" : ""));
            Architecture described = architecture;
            if (feature == null) {
                if (featureSizes.length == 0) {
                    throw new IllegalArgumentException("the MLP needs at least one feature layer size");
                }
                described = Architecture.mlp(inputSize, featureSizes, classifierSizes, discriminatorSizes, activation,
                        domainOutput).withConditioning(conditioning).withTask(task);
                SequentialImpl mlp = Mlp.build(inputSize, featureSizes, activation, true);
                feature = FeatureExtractor.of(mlp, mlp::forward, featureSizes[featureSizes.length - 1],
                        Mlp.multiplyAdds(inputSize, featureSizes)).withInputShape(inputSize);
            }
            long multiplyAdds = feature.multiplyAddsPerSample() == 0 ? 0 : feature.multiplyAddsPerSample()
                    + Mlp.multiplyAdds(feature.featureSize(), classifierSizes)
                    + Mlp.multiplyAdds(domainWidth, discriminatorSizes);
            SequentialImpl classifier = Mlp.build(feature.featureSize(), classifierSizes, activation, false);
            SequentialImpl discriminator = Mlp.build(domainWidth, discriminatorSizes, activation, false);
            if (domainOutput == DomainOutput.PROBABILITIES) {
                discriminator.push_back(new SigmoidImpl());
            }
            return new DannModel(feature, classifier, discriminator, domainOutput,
                    classifierSizes[classifierSizes.length - 1], discriminatorSizes[discriminatorSizes.length - 1],
                    multiplyAdds, described, conditioning, task);
        }
    }
}
