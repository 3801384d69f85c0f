package io.github.dann4j.cli;

import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DigitsNetwork;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.train.Method;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * train's options for the adversarial method: DANN, CDAN or CDAN+E (Long et al., NeurIPS 2018),
 * and for CDAN the map of features and class prediction the domain classifier sees. The map is
 * part of the network (the model folder records it as {@code domain_map}); the method is part of
 * the training (the checkpoint signature records it).
 */
final class MethodOptions {
    @Option(names = "--method", defaultValue = "dann", paramLabel = "dann|cdan|cdan-e", description = "The adversarial"
            + " method: dann (the domain classifier sees the features), cdan (it sees the features conditioned on the"
            + " class prediction, --domain-map) or cdan-e (cdan with each sample's domain loss weighted by"
            + " 1 + e^-entropy of its prediction) (default: ${DEFAULT-VALUE}).")
    String method;
    @Option(names = "--domain-map", paramLabel = "auto|multilinear|randomized[:D]", description = "cdan and cdan-e"
            + " only: the domain classifier's input, the multilinear map f (x) g (features x classes wide) or the"
            + " randomized map of width D (default 1024); auto takes the multilinear map up to 4096 wide, else"
            + " randomized:1024 (default: auto).")
    String domainMap;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /**
     * The method, checked against the other options: --domain-map needs cdan or cdan-e, and
     * --source-only (no domain classifier) takes dann only.
     */
    Method method(boolean sourceOnly) {
        Method m;
        try {
            m = Method.parse(method);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--method: " + e.getMessage());
        }
        if (!m.conditional() && domainMap != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--domain-map applies to --method cdan and"
                    + " cdan-e; dann's domain classifier sees the features");
        }
        if (m.conditional() && sourceOnly) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source-only trains no domain classifier;"
                    + " it does not combine with --method " + m.cliName());
        }
        return m;
    }

    /**
     * {@code architecture} with the domain classifier on the chosen map (none for dann). Call
     * after {@link #method}.
     */
    Architecture conditioned(Architecture architecture) {
        Method m = Method.parse(method);
        if (!m.conditional()) {
            return architecture;
        }
        String text = domainMap == null ? "auto" : domainMap;
        long features = architecture.kind() == Architecture.Kind.DIGITS
                ? DigitsNetwork.featureSize(architecture.sampleShape()[1])
                : architecture.featureSizes()[architecture.featureSizes().length - 1];
        DomainConditioning conditioning;
        try {
            conditioning = DomainConditioning.parse(text, features, architecture.classes());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--domain-map: " + e.getMessage());
        }
        if (!conditioning.conditional()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--domain-map: --method " + m.cliName()
                    + " needs a map of features and class prediction (auto, multilinear or randomized[:D]), not "
                    + text.trim());
        }
        return architecture.withConditioning(conditioning);
    }
}
