package io.github.dann4j.cli;

import io.github.dann4j.report.RunProperties;
import java.time.Instant;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A command's run.properties begun from its parsed command line: the arguments and every option's value. */
final class RunRecord {
    private RunRecord() {}

    /** The arguments and each option's value (defaults included; options without a value left out). */
    static RunProperties start(CommandSpec spec) {
        RunProperties run = RunProperties.started(Instant.now());
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed != null) {
            run.command(spec.qualifiedName() + " " + parsed.originalArgs().stream().skip(1)
                    .map(a -> a.isEmpty() || a.matches(".*[\\s'\"\\\\$`].*") ? "'" + a.replace("'", "'\\''") + "'" : a)
                    .collect(Collectors.joining(" ")));
        }
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof java.util.List<?> values && !values.isEmpty()
                    && values.stream().allMatch(v -> v instanceof java.nio.file.Path)) {
                // a repeated file option (train --source A --source B): A,B; one file as it always was
                value = values.stream().map(String::valueOf).collect(Collectors.joining(","));
            }
            if (value != null) {
                run.setting(option.longestName().replaceFirst("^-+", ""), String.valueOf(value));
            }
        }
        return run;
    }
}
