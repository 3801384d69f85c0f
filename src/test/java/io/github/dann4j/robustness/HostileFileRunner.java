package io.github.dann4j.robustness;

import static io.github.dann4j.robustness.HostileRunnerFixture.MODEL_PROPERTIES;
import static io.github.dann4j.robustness.HostileRunnerFixture.SOURCE_CSV;
import static io.github.dann4j.robustness.HostileRunnerFixture.config;
import static io.github.dann4j.robustness.HostileRunnerFixture.controlFile;
import static io.github.dann4j.robustness.HostileRunnerFixture.model;
import static io.github.dann4j.robustness.HostileRunnerFixture.source;
import static io.github.dann4j.robustness.HostileRunnerFixture.target;
import static io.github.dann4j.robustness.HostileRunnerFixture.trainArguments;
import static io.github.dann4j.robustness.HostileRunnerFixture.writeData;
import static io.github.dann4j.robustness.HostileTensorSummary.summary;

import io.github.dann4j.cli.Main;
import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;

/**
 * Child process of {@link HostileFilesTest}: loads crafted files one after another in one JVM,
 * through one entry point, and prints one line per file. Run in a scratch working directory: the
 * CLI modes write model folders and training outputs there, and any sentinel file a hostile file
 * manages to create appears there.
 *
 * <pre>
 * java ... HostileFileRunner MODE CORPUS_DIR NAME...
 *
 * MODE  load          StateDict.load(file)
 *       into          StateDict.loadInto(a fresh DannModel.mlp(2).features(8).classifier(2).discriminator(1), file)
 *       checkpoint    DannTrainer.restoreCheckpoint(file) on a fresh trainer of that model
 *       cli-evaluate  Main.run("evaluate", "--model", DIR, "--data", CSV): DIR holds the file as model.pt
 *                     beside a model.properties for that model
 *       cli-init      Main.run("train", ..., "--init", file)
 *       cli-resume    Main.run("train", ..., "--resume", file)
 * NAME  a file in CORPUS_DIR, or "@control": a file this process writes with the current code
 *       (a state_dict by StateDict.save, or a checkpoint by saveCheckpoint or by train) and then
 *       loads through MODE; the test puts it first in every child, to warm the JVM up and to show
 *       that the mode can load at all
 * </pre>
 *
 * <p>Output on stdout, one line each, fields separated by single spaces, the last field running to
 * the end of the line:
 *
 * <pre>
 * BEGIN NAME                       before each file
 * LOADED NAME MILLIS SUMMARY       it loaded; SUMMARY for load/into: KEY|DTYPE|SHAPE|SUM|ABS_SUM|FIRST;...
 *                                  (SHAPE like 8x2, "scalar" for 0-dim; FIRST up to 4 values, "-" if none),
 *                                  for checkpoint: "step N", for the CLI: "exit 0"
 * REFUSED NAME MILLIS MESSAGE      an IllegalArgumentException (API) or exit status 1 with one line on
 *                                  stderr (CLI); MESSAGE is that one line
 * FAILED NAME MILLIS WHAT          anything else: another exception type, a blank or multi-line message,
 *                                  another exit status, more than one line on stderr
 * SENTINEL NAME SENTINEL_FILE      after a file's result: a dann4j-sentinel-* file appeared in the
 *                                  working directory while that file was being loaded (code ran)
 * END                              after the last file; the process then exits with status 0
 * </pre>
 *
 * <p>The model, data, settings and control files are {@link HostileRunnerFixture}'s; the SUMMARY
 * is {@link HostileTensorSummary}'s.
 */
public final class HostileFileRunner {
    static final String CONTROL = "@control";

    private HostileFileRunner() {}

    public static void main(String[] args) throws Exception {
        Libtorch.load(); // before any bytedeco class, as an application must (a CUDA build's libraries)
        if (args.length < 2) {
            System.err.println("usage: HostileFileRunner MODE CORPUS_DIR NAME...");
            System.exit(2);
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        String mode = args[0];
        Path corpus = Path.of(args[1]);
        Path work = Path.of("").toAbsolutePath();
        writeData(work);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 2; i < args.length; i++) {
            String name = args[i];
            out.println("BEGIN " + name);
            long started = System.nanoTime();
            String line;
            try {
                line = run(mode, name, corpus, work, i);
            } catch (Throwable e) { // anything reaching here is a failure of the reader, reported as such
                line = "FAILED " + e.getClass().getName() + ": " + oneLine(e.getMessage());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            int space = line.indexOf(' ');
            out.println(line.substring(0, space) + " " + name + " " + millis + " " + line.substring(space + 1));
            for (String sentinel : newSentinels(work, seen)) {
                out.println("SENTINEL " + name + " " + sentinel);
            }
        }
        out.println("END");
        System.exit(0);
    }

    /** Sentinel files (dann4j-sentinel-*) in the working directory not reported before. */
    private static List<String> newSentinels(Path work, java.util.Set<String> seen) throws IOException {
        List<String> found = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(work)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("dann4j-sentinel-"))
                    .filter(seen::add).sorted().forEach(found::add);
        }
        return found;
    }

    /** Returns "LOADED summary", "REFUSED message" or "FAILED what". */
    private static String run(String mode, String name, Path corpus, Path work, int index) throws Exception {
        Path file = name.equals(CONTROL) ? controlFile(mode, work) : corpus.resolve(name);
        return switch (mode) {
            case "load" -> api(() -> {
                try (PointerScope scope = new PointerScope()) {
                    return summary(StateDict.load(file));
                }
            });
            case "into" -> api(() -> {
                try (PointerScope scope = new PointerScope(); DannModel model = model()) {
                    StateDict.loadInto(model, file);
                    return summary(model.stateTensors());
                }
            });
            case "checkpoint" -> api(() -> {
                try (PointerScope scope = new PointerScope(); DannModel model = model();
                        TensorDataset source = source(); TensorDataset target = target();
                        DannTrainer trainer = new DannTrainer(model, source, target, config())) {
                    trainer.restoreCheckpoint(file);
                    return "step " + trainer.currentStep();
                }
            });
            case "cli-evaluate" -> {
                Path dir = Files.createDirectories(work.resolve("model-" + index));
                Files.copy(file, dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(dir.resolve("model.properties"), MODEL_PROPERTIES);
                yield cli("evaluate", "--model", dir.toString(), "--data", work.resolve(SOURCE_CSV).toString());
            }
            case "cli-init" -> cli(trainArguments(work, "init-" + index, "--init", file.toString()));
            case "cli-resume" -> cli(trainArguments(work, "resume-" + index, "--resume", file.toString()));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    private interface Load {
        String call() throws Exception;
    }

    private static String api(Load load) {
        try {
            return "LOADED " + load.call();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank()) {
                return "FAILED IllegalArgumentException with a blank message";
            }
            if (message.contains("\n") || message.contains("\r")) {
                return "FAILED IllegalArgumentException with a multi-line message: " + oneLine(message);
            }
            return "REFUSED " + message;
        } catch (Throwable e) {
            return "FAILED " + e.getClass().getName() + ": " + oneLine(e.getMessage());
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status;
        try {
            status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        } catch (Throwable e) {
            return "FAILED Main.run threw " + e.getClass().getName() + ": " + oneLine(e.getMessage());
        }
        String errors = err.toString().strip();
        List<String> lines = errors.isEmpty() ? List.of() : errors.lines().toList();
        if (status == 0) {
            return lines.isEmpty() ? "LOADED exit 0" : "FAILED exit 0 with stderr: " + oneLine(errors);
        }
        if (status != 1) {
            return "FAILED exit " + status + ", stderr: " + oneLine(errors);
        }
        if (lines.size() != 1 || lines.get(0).isBlank()) {
            return "FAILED exit 1 with " + lines.size() + " lines on stderr: " + oneLine(errors);
        }
        return "REFUSED " + lines.get(0);
    }

    /** One line: newlines shown as " | ", at most 500 characters. */
    static String oneLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        String line = text.strip().replace("\r", "").replace("\n", " | ");
        return line.length() <= 500 ? line : line.substring(0, 500) + "...";
    }
}
