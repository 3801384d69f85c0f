package io.github.dann4j.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --figure-format png|svg}: the format of the figures a command writes (file stems unchanged). */
final class FigureOptions {
    @Option(names = "--figure-format", defaultValue = "png", paramLabel = "png|svg",
            description = "Format of the figures: png or svg (default: ${DEFAULT-VALUE}).")
    String format;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** {@code stem.png} or {@code stem.svg}; a usage error for any other format. */
    String file(String stem) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("png") && !f.equals("svg")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--figure-format must be png or svg, got " + format);
        }
        return stem + "." + f;
    }
}
