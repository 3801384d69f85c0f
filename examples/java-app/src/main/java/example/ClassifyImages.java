package example;

import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Classifies image files with a model folder written by {@code dann4j train}: prints each file's
 * class, its probability, and how target-like the domain classifier finds it.
 * Usage: {@code ClassifyImages MODEL_FOLDER IMAGE_OR_FOLDER...}.
 */
public final class ClassifyImages {
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ClassifyImages MODEL_FOLDER IMAGE_OR_FOLDER...");
            System.exit(2);
        }
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path path = Path.of(args[i]);
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    list.filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g)$")).sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        try (TrainedModel model = TrainedModel.load(Path.of(args[0]))) {
            System.out.println("model: " + model.description());
            Prediction p = model.predict(Inputs.imageFiles(files), PredictOptions.DEFAULTS.withDomain());
            for (int i = 0; i < p.size(); i++) {
                int c = p.classOf(i);
                // index,class,probability: the columns run-examples.sh compares with `dann4j predict`
                System.out.printf("%d,%d,%.6g,%s target-like %.3f%n", i, c, p.probability(i, c), files.get(i).getFileName(),
                        p.targetProbability(i));
            }
            System.out.println("classified " + p.size() + " images");
        } catch (IllegalArgumentException e) {
            System.err.println("ClassifyImages: " + e.getMessage());
            System.exit(1);
        }
    }
}
