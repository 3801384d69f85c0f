package io.github.dann4j.cli;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dann4j} command-line tool: demo, train, evaluate, predict, export, select, report, info. */
@Command(name = "dann4j", mixinStandardHelpOptions = true, versionProvider = InfoCommand.Version.class,
        description = "Domain-adversarial training (DANN) on libtorch.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
                SelectCommand.class,
                ReportCommand.class, InfoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** JavaCPP's switch for its garbage-collector bookkeeping of native objects. */
    static final String NO_POINTER_GC = "org.bytedeco.javacpp.nopointergc";
    /** Why libtorch (or a CUDA build's CUDA libraries) could not be loaded; null when it was. */
    private static final UnsatisfiedLinkError LOAD_FAILURE;

    static {
        // dann4j frees every native object through its owner or a PointerScope, never through the
        // garbage collector, so the tool turns off JavaCPP's GC bookkeeping: it costs a lock and a
        // resident-memory probe for every tensor handle, about 10 % of a small model's training
        // step (BENCHMARKS.md). Must run before JavaCPP's Pointer class initialises; an explicit
        // -Dorg.bytedeco.javacpp.nopointergc=false wins.
        if (System.getProperty(NO_POINTER_GC) == null) {
            System.setProperty(NO_POINTER_GC, "true");
        }
        UnsatisfiedLinkError failure = null;
        try {
            Libtorch.load(); // bytedeco's libtorch, never another one on the machine
        } catch (UnsatisfiedLinkError e) {
            failure = e; // reported by run() in one line, not as an initialiser's stack trace
        }
        LOAD_FAILURE = failure;
    }

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit status (0 success, 1 error, 2 bad usage). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, writing to the given streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (LOAD_FAILURE != null) {
            err.println("dann4j: " + oneLine(LOAD_FAILURE));
            err.flush();
            return 1;
        }
        System.setProperty("java.awt.headless", "true");
        CommandLine commandLine = new CommandLine(new Main()).setOut(out).setErr(err);
        // Bad usage: one line and the hint, not the whole usage text.
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            PrintWriter e = exception.getCommandLine().getErr();
            e.println("dann4j: " + exception.getMessage());
            e.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            e.flush();
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            PrintWriter errors = cmd.getErr();
            errors.println("dann4j: " + oneLine(exception));
            if (verbose) {
                exception.printStackTrace(errors);
            }
            errors.flush();
            return 1;
        });
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // A last resort: every allocation a file asks for is bounded before it is made
            // (io.github.dann4j.runtime.Limits), so this is the JVM's heap being too small.
            err.println("dann4j: out of memory (" + Messages.of(e) + "); give the JVM more heap (-Xmx) or use smaller"
                    + " --batch-size or --limit");
            err.flush();
            return 1;
        }
    }

    private static String oneLine(Throwable e) {
        Throwable shown = e;
        while ((shown.getMessage() == null || shown.getMessage().isBlank()) && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
