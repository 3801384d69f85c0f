package io.github.dann4j.select;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps the best model seen during training by a label-free {@link Validator}: each
 * {@link #offer} scores the current model on a {@link SelectionData} (the unlabelled target, plus
 * held-out labelled source data where the validator needs it; target labels are never read) and,
 * when the score beats every earlier one per the validator's {@link Direction}, makes it the
 * model of {@link #folder()}: a complete model folder ({@code model.pt}, {@code model.properties},
 * loadable by {@link TrainedModel#load} and {@code dann4j evaluate --model}) with
 * {@value #FILE_NAME} (see {@link SelectionRecord}). Ties keep the earlier step.
 *
 * <p>Exactly what is kept is what is scored: the candidate is written as a model folder, loaded
 * back with {@link TrainedModel#load} on the training device and scored, so scoring the kept
 * folder again on the same data, batch size and device gives the recorded score.
 *
 * <p>How {@code folder} is replaced: the candidate is written completely into a sibling folder
 * {@code .NAME.candidate} (its files atomically, {@value #FILE_NAME} last); then {@code folder} is
 * renamed to {@code .NAME.previous}, the candidate renamed to {@code folder}, and the previous
 * one removed. So {@code folder} is always a complete model folder, except in the instant between
 * the two renames, when the previous best is complete in {@code .NAME.previous}. A candidate that
 * is not better is removed, and {@code folder}'s {@value #FILE_NAME} is rewritten atomically with
 * its score added. Leftovers of a killed run are removed by the constructor; a folder an earlier
 * run kept is replaced (or, when the first score is not finite, removed) by the first offer.
 *
 * <pre>{@code
 * try (SelectionData data = SelectionData.of(target, heldOutSource, SelectionData.DEFAULT_MAX_SAMPLES)) {
 *     BestCheckpoint best = new BestCheckpoint(Validators.named("snd"), data, output.resolve("best"),
 *             trainer.deviceName(), 256);
 *     trainer.run(m -> {
 *         if (trainer.currentStep() % 500 == 0 || trainer.currentStep() == trainer.totalSteps()) {
 *             best.offer(trainer.currentStep(), trainer.model(), preprocessor);
 *         }
 *     });
 *     System.out.println("best step " + best.bestStep().getAsLong() + ", score " + best.bestScore());
 * }
 * }</pre>
 *
 * Not thread-safe: offer from one thread (the trainer's). Holds no native memory of its own; the
 * caller keeps {@code data} open while offering and closes it.
 */
public final class BestCheckpoint {
    /** The selection record's file name inside the kept folder. */
    public static final String FILE_NAME = "selection.properties";

    private final Validator validator;
    private final SelectionData data;
    private final int maxSamples;
    private final Path folder;
    private final Path candidate;
    private final Path previous;
    private final String device;
    private final int batchSize;
    private final SortedMap<Long, Double> scores = new TreeMap<>();
    private long bestStep = -1;
    private double bestScore = Double.NaN;

    /**
     * @param validator  the score to select by
     * @param data       what every candidate is scored on (with held-out source data when
     *                   {@code validator.needsSource()})
     * @param maxSamples the bound {@code data} was made with, recorded in {@value #FILE_NAME}
     * @param folder     where the best model is kept (created on the first offer)
     * @param device     the device candidates are scored on, e.g. the trainer's
     *                   ({@code cpu}, {@code cuda:N})
     * @param batchSize  samples per forward pass while scoring
     * @throws IllegalArgumentException when the validator needs source data {@code data} lacks,
     *     or for a batch size below 1
     */
    public BestCheckpoint(Validator validator, SelectionData data, int maxSamples, Path folder, String device,
            int batchSize) {
        if (validator == null || data == null || folder == null || device == null) {
            throw new IllegalArgumentException("validator, data, folder and device must not be null");
        }
        if (validator.needsSource() && !data.hasSource()) {
            throw new IllegalArgumentException(validator.name() + " needs labelled held-out source data"
                    + " (SelectionData.of with a source; dann4j train --hold-out-source)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the scoring batch size must be at least 1, got " + batchSize);
        }
        this.validator = validator;
        this.data = data;
        this.maxSamples = maxSamples;
        this.folder = folder.toAbsolutePath().normalize();
        String name = this.folder.getFileName().toString();
        this.candidate = this.folder.resolveSibling("." + name + ".candidate");
        this.previous = this.folder.resolveSibling("." + name + ".previous");
        this.device = device;
        this.batchSize = batchSize;
        removeFolder(candidate);
        removeFolder(previous);
    }

    /**
     * Scores {@code model} (with the preprocessing its inputs get) as the model after
     * {@code step} steps and keeps it if it is the best so far.
     *
     * @return its score
     * @throws IllegalArgumentException for a step not after every earlier one
     */
    public double offer(long step, DannModel model, Preprocessor preprocessor) {
        if (!scores.isEmpty() && step <= scores.lastKey()) {
            throw new IllegalArgumentException("step " + step + " is not after the last offered step " + scores.lastKey());
        }
        removeFolder(candidate);
        ModelFolder.save(model, preprocessor, candidate);
        double score;
        try (TrainedModel loaded = TrainedModel.load(candidate, device)) {
            score = score(validator, loaded, data, batchSize);
        }
        scores.put(step, score);
        boolean better = Double.isFinite(score)
                && (bestStep < 0 || validator.direction().oriented(score) > validator.direction().oriented(bestScore));
        if (better) {
            bestStep = step;
            bestScore = score;
            record().write(candidate.resolve(FILE_NAME));
            replaceFolder();
        } else {
            removeFolder(candidate);
            if (bestStep >= 0) {
                record().write(folder.resolve(FILE_NAME));
            } else {
                removeFolder(folder); // an earlier run's, not this one's
            }
        }
        return score;
    }

    /**
     * {@code validator}'s score of {@code model} on {@code data}: {@link ModelOutputs#compute}
     * then {@link Validator#score(TrainedModel, SelectionData, ModelOutputs)}, what {@link #offer}
     * records.
     */
    public static double score(Validator validator, TrainedModel model, SelectionData data, int batchSize) {
        return validator.score(model, data, ModelOutputs.compute(model, data, batchSize));
    }

    /** What {@value #FILE_NAME} says now. */
    public SelectionRecord record() {
        return new SelectionRecord(validator.name(), validator.direction(), bestStep, bestScore, scores, maxSamples,
                batchSize, device, data.targetName(), data.sourceName());
    }

    /** The step of the best model, empty before the first finite score. */
    public OptionalLong bestStep() {
        return bestStep < 0 ? OptionalLong.empty() : OptionalLong.of(bestStep);
    }

    /** The best score, NaN before the first finite score. */
    public double bestScore() {
        return bestScore;
    }

    /** Every offered step's score, by step (unmodifiable view). */
    public SortedMap<Long, Double> scores() {
        return Collections.unmodifiableSortedMap(scores);
    }

    /** The validator selected by. */
    public Validator validator() {
        return validator;
    }

    /** Where the best model is kept. */
    public Path folder() {
        return folder;
    }

    private void replaceFolder() {
        try {
            if (Files.exists(folder)) {
                Files.move(folder, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(candidate, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + folder + ": " + Messages.of(e), e);
        }
        removeFolder(previous);
    }

    /**
     * Removes a model folder this class wrote: its files (and their stale temporary files), then
     * the folder. A folder holding anything else is refused rather than emptied.
     */
    private static void removeFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> names = List.of(ModelFolder.WEIGHTS, ModelFolder.DESCRIPTION, FILE_NAME);
        try {
            AtomicFiles.removeStale(dir, names);
            for (String name : names) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + " (it should hold only " + String.join(", ", names)
                    + "): " + Messages.of(e), e);
        }
    }
}
