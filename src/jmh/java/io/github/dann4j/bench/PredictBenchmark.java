package io.github.dann4j.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.dann4j.export.ExportOptions;
import io.github.dann4j.export.ExportedModel;
import io.github.dann4j.export.OnnxExport;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Inference throughput of the public model API ({@link TrainedModel#predict}), and of the same
 * model exported to ONNX ({@link OnnxExport}) and run by ONNX Runtime: samples per second with 1
 * and with N application threads calling one model (one ONNX Runtime session) at once, each call a
 * batch of raw inputs as they come from disk (the digits network: uint8 images
 * {@code [B, 3, 28, 28]}, scaled by the model's preprocessing, in the graph for ONNX Runtime; the
 * shallow MLP: float rows {@code [B, 2]}), each call's probabilities copied out to Java arrays.
 * libtorch runs each call on one intra-op thread, and the ONNX Runtime session is given one
 * intra-op and one inter-op thread, so the application's threads are the parallelism.
 *
 * <pre>mvn -Pjmh test-compile exec:exec@predict -Dpredict.args="--model digits --callers 1,8 --engines dann4j,onnx"</pre>
 *
 * Prints one line per engine and caller count: the median of {@code --rounds} rounds of
 * {@code --seconds} each, then the ratio of the engines' medians.
 */
public final class PredictBenchmark {
    private PredictBenchmark() {}

    public static void main(String[] args) throws Exception {
        String name = "digits";
        int[] callers = {1, 8};
        int batch = 256;
        int rounds = 5;
        double seconds = 2.0;
        List<String> engines = List.of("dann4j", "onnx");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> name = args[i + 1];
                case "--callers" -> callers = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--engines" -> engines = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Threads.set(1);
        torch.manual_seed(0);
        boolean digits = name.equals("digits");
        DannModel network = digits ? DannModel.digits(3, 28, 10)
                : DannModel.mlp(2).features(15).classifier(2).discriminator(1).activation(Activation.SIGMOID).build();
        try (TrainedModel model = TrainedModel.of(network, Preprocessor.none())) {
            Tensor input = digits
                    ? torch.rand(batch, 3, 28, 28).mul(new Scalar(255.0)).to(ScalarType.Byte)
                    : torch.randn(batch, 2);
            Inputs inputs = Inputs.raw(input);
            PredictOptions options = PredictOptions.DEFAULTS.withBatchSize(batch);
            OrtCaller onnx = engines.contains("onnx") ? new OrtCaller(OnnxExport.export(model, ExportOptions.DEFAULTS), input)
                    : null;
            for (int c : callers) {
                Map<String, Double> medians = new LinkedHashMap<>();
                for (String engine : engines) {
                    Callable<Integer> call = switch (engine) {
                        case "dann4j" -> () -> model.predict(inputs, options).size();
                        case "onnx" -> onnx::predict;
                        default -> throw new IllegalArgumentException("unknown engine " + engine + "; use dann4j,onnx");
                    };
                    measure(call, c, 1.0); // warm-up
                    double[] rates = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        rates[r] = measure(call, c, seconds);
                    }
                    Arrays.sort(rates);
                    medians.put(engine, rates[rounds / 2]);
                    System.out.printf("engine=%s model=%s callers=%d batch=%d cores=%d rounds=%d median_samples_per_s=%.0f"
                            + " min=%.0f max=%.0f%n", engine, name, c, batch, Runtime.getRuntime().availableProcessors(),
                            rounds, rates[rounds / 2], rates[0], rates[rounds - 1]);
                }
                if (medians.size() == 2) {
                    System.out.printf("callers=%d onnx/dann4j=%.2f%n", c, medians.get("onnx") / medians.get("dann4j"));
                }
            }
            if (onnx != null) {
                onnx.close();
            }
            input.close();
        }
    }

    /** One ONNX Runtime session on the exported model, and the benchmark's input batch as an ONNX tensor. */
    private static final class OrtCaller implements AutoCloseable {
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final OnnxTensor input;

        OrtCaller(ExportedModel exported, Tensor batch) throws OrtException {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = environment.createSession(exported.bytes(), options);
            long[] shape = new long[(int) batch.dim()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = batch.size(d);
            }
            Tensor contiguous = batch.contiguous();
            if (batch.scalar_type().intern() == ScalarType.Byte) {
                byte[] bytes = new byte[(int) contiguous.numel()];
                new BytePointer(contiguous.data_ptr()).get(bytes);
                input = OnnxTensor.createTensor(environment, ByteBuffer.wrap(bytes), shape, OnnxJavaType.UINT8);
            } else {
                float[] floats = new float[(int) contiguous.numel()];
                new FloatPointer(contiguous.data_ptr()).get(floats);
                input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats), shape);
            }
        }

        /** One batch: the probabilities, copied out to a Java array as {@code TrainedModel.predict} does. */
        int predict() throws OrtException {
            try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input), Set.of(OnnxExport.PROBABILITIES))) {
                float[][] probabilities = (float[][]) result.get(0).getValue();
                return probabilities.length;
            }
        }

        @Override
        public void close() throws OrtException {
            input.close();
            session.close();
        }
    }

    /** Samples per second with {@code callers} threads making {@code call}s for {@code seconds}. */
    private static double measure(Callable<Integer> call, int callers, double seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    while (!stop.get()) {
                        samples.addAndGet(call.call());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        long begin = System.nanoTime();
        start.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return samples.get() / ((System.nanoTime() - begin) / 1e9);
    }
}
