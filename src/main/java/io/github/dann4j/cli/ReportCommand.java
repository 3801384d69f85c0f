package io.github.dann4j.cli;

import io.github.dann4j.report.RunReport;
import io.github.dann4j.runtime.Outputs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One self-contained HTML page for a run folder: the CLI shell over {@link RunReport}. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write one self-contained HTML page for a run folder (written by train or demo): final accuracies,"
                + " figures inline, the metrics table, the configuration and the versions. It opens offline.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder.")
    Path runFolder;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The page (default: RUN_DIR/"
            + RunReport.FILE_NAME + ").")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path page = output != null ? output : runFolder.resolve(RunReport.FILE_NAME);
        if (!page.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output must end in .html, got " + page);
        }
        List<Path> inputs = new ArrayList<>();
        if (Files.isDirectory(runFolder)) {
            try (var entries = Files.list(runFolder)) {
                // what the report reads (a symbolic link named report.html to one of them is refused)
                entries.filter(p -> !p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?"))
                        .forEach(inputs::add);
            }
        }
        Outputs.requireNotInput(page, inputs);
        RunReport.write(runFolder, page);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%.1f KiB)%n", page, Files.size(page) / 1024.0);
        out.flush();
        return 0;
    }
}
