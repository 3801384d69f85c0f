package io.github.dann4j.cli;

import io.github.dann4j.data.HeldOutSplit;
import io.github.dann4j.report.RunProperties;
import io.github.dann4j.select.BestCheckpoint;
import io.github.dann4j.select.ReverseValidation;
import io.github.dann4j.select.SelectionData;
import io.github.dann4j.select.Validator;
import io.github.dann4j.select.Validators;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * train's options for a held-out source split and for model selection during training, checked
 * before any data is read.
 */
final class SelectionOptions {
    /** Samples per forward pass while scoring for --select-by. */
    private static final int SCORING_BATCH = 256;

    @Option(names = "--hold-out-source", paramLabel = "F|N", description = "Keep part of the labelled source out of"
            + " training: a fraction 0 < F < 1 (e.g. 0.1) or a whole number N of samples, chosen by a shuffle seeded"
            + " with --seed (recorded in holdout.properties). Training and the normalisation see only the rest;"
            + " the held-out accuracy is reported at the end, and the --select-by validators that need labelled"
            + " source data use it.")
    String holdOutSource;

    @Option(names = "--select-by", paramLabel = "VALIDATOR", description = "Keep the best model by this label-free"
            + " validator in OUTPUT/best (a model folder with selection.properties): one of ${COMPLETION-CANDIDATES}."
            + " Scored on the target's training data (at most --select-max-samples, its labels never read) and,"
            + " for source-accuracy, dev, pad and the reverse validations, on the --hold-out-source split"
            + " (reverse-dann's reverse runs use this run's --lambda and --lr).",
            completionCandidates = ValidatorNames.class)
    String selectBy;

    @Option(names = "--select-every", paramLabel = "N", description = "Score the model every N steps and at the last"
            + " step (default with --select-by: the --checkpoint-every interval).")
    Long selectEvery;

    @Option(names = "--select-max-samples", paramLabel = "M", description = "The most target (and held-out source)"
            + " samples each scoring uses, evenly spaced (default: " + SelectionData.DEFAULT_MAX_SAMPLES + ").")
    Integer selectMaxSamples;

    /** The names --select-by takes, for its help text. */
    static final class ValidatorNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Validators.names().iterator();
        }
    }

    /**
     * Checks the options against each other (exit 2, one line): --select-every and
     * --select-max-samples need --select-by, a known validator, validators that need labelled
     * source data need --hold-out-source, a well-formed --hold-out-source, no --resume with
     * --select-by.
     *
     * @param hasTarget whether --target is given (selection scores on it)
     * @param resuming  whether --resume is given
     */
    void check(CommandLine commandLine, boolean hasTarget, boolean resuming) {
        if (selectBy != null && resuming) {
            throw new CommandLine.ParameterException(commandLine, "--select-by does not continue an earlier run's"
                    + " selection; resume without it, or train afresh with it");
        }
        if (selectBy == null) {
            if (selectEvery != null || selectMaxSamples != null) {
                throw new CommandLine.ParameterException(commandLine, (selectEvery != null ? "--select-every"
                        : "--select-max-samples") + " needs --select-by VALIDATOR (one of "
                        + String.join(", ", Validators.names()) + ")");
            }
        } else {
            Validator v = validator(commandLine);
            if (v.needsSource() && holdOutSource == null) {
                throw new CommandLine.ParameterException(commandLine, "--select-by " + v.name()
                        + " needs labelled source data the model is not trained on: give --hold-out-source F");
            }
            if (!hasTarget) {
                throw new CommandLine.ParameterException(commandLine, "--select-by scores the model on the target's"
                        + " training data: give --target");
            }
            if (selectEvery != null && selectEvery < 1) {
                throw new CommandLine.ParameterException(commandLine, "--select-every must be at least 1, got " + selectEvery);
            }
            if (selectMaxSamples != null && selectMaxSamples < 2) {
                throw new CommandLine.ParameterException(commandLine, "--select-max-samples must be at least 2, got "
                        + selectMaxSamples);
            }
        }
        if (holdOutSource != null && !wellFormed(holdOutSource.trim())) {
            throw new CommandLine.ParameterException(commandLine, "--hold-out-source must be a fraction 0 < F < 1 or"
                    + " a whole number of samples (at least 1), got '" + holdOutSource + "'");
        }
    }

    private static boolean wellFormed(String amount) {
        if (amount.matches("[0-9]{1,18}")) {
            return Long.parseLong(amount) >= 1;
        }
        try {
            double f = Double.parseDouble(amount);
            return f > 0 && f < 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Holds --hold-out-source's split of the source out of {@code inputs} (call before the
     * pipeline is fitted), seeded with {@code seed}; null without --hold-out-source.
     *
     * @throws IllegalArgumentException for an amount the source cannot spare
     */
    HeldOutSplit holdOut(TrainInputs inputs, long seed) {
        if (holdOutSource == null) {
            return null;
        }
        HeldOutSplit split = HeldOutSplit.parse(holdOutSource, inputs.source().size(), seed);
        inputs.holdOutSource(split);
        return split;
    }

    /** Writes {@code split} (if not null) to the output folder and names it in {@code run}. */
    static void record(HeldOutSplit split, Path output, RunProperties run) {
        if (split != null) {
            split.write(output.resolve(HeldOutSplit.FILE_NAME));
            run.put("hold_out_source", split.heldOutIndices().length + " of " + split.size() + " (seed " + split.seed()
                    + ", " + HeldOutSplit.FILE_NAME + ")");
        }
    }

    /**
     * What --select-by scores on, for the caller to close: the target and, for validators that
     * need it, the held-out source; null without --select-by.
     */
    SelectionData data(TrainInputs inputs, CommandLine commandLine) {
        if (!selecting()) {
            return null;
        }
        return SelectionData.of(inputs.target(), validator(commandLine).needsSource() ? inputs.heldOut() : null,
                maxSamples());
    }

    /**
     * The keeper of the best model in {@code folder}, scoring on {@code data} on {@code device};
     * reverse-dann's reverse runs take the schedules and the method of {@code run}, the run being trained.
     */
    BestCheckpoint keeper(SelectionData data, Path folder, String device, TrainingConfig run, CommandLine commandLine) {
        Validator v = validator(commandLine);
        if (v instanceof ReverseValidation reverse && !reverse.config().sourceOnly()) {
            v = reverse.withSchedules(run.lambdaSchedule(), run.learningRateSchedule()).withMethod(run.method());
        }
        return new BestCheckpoint(v, data, maxSamples(), folder, device, SCORING_BATCH);
    }

    /** Whether --select-by is given. */
    boolean selecting() {
        return selectBy != null;
    }

    /** The --select-by validator (call after {@link #check}). */
    Validator validator(CommandLine commandLine) {
        try {
            return Validators.named(selectBy);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--select-by: " + e.getMessage()
                    .replace(" (or all)", ""));
        }
    }

    /** The scoring interval: --select-every, else {@code checkpointEvery}. */
    long every(long checkpointEvery) {
        return selectEvery != null ? selectEvery : checkpointEvery;
    }

    /** --select-max-samples or the default. */
    int maxSamples() {
        return selectMaxSamples != null ? selectMaxSamples : SelectionData.DEFAULT_MAX_SAMPLES;
    }
}
