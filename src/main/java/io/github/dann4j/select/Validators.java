package io.github.dann4j.select;

import io.github.dann4j.model.TrainedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validators by name, each with its default settings: {@code source-accuracy}
 * ({@link SourceAccuracy}), {@code entropy} ({@link PredictionEntropy}), {@code im}
 * ({@link InformationMaximization}), {@code bnm} ({@link BatchNuclearNorm}), {@code snd}
 * ({@link SoftNeighborhoodDensity}), {@code dev} ({@link DeepEmbeddedValidation}),
 * {@code pad} ({@link ProxyADistance}), and {@code reverse-source-only} and {@code reverse-dann}
 * ({@link ReverseValidation} with {@link ReverseValidation#defaults}; these two train a reverse
 * model for each score, so call {@link Validator#score(TrainedModel, SelectionData, ModelOutputs)}).
 *
 * <pre>{@code
 * try (SelectionData data = SelectionData.of(target, heldOutSource, SelectionData.DEFAULT_MAX_SAMPLES);
 *         TrainedModel model = TrainedModel.load(folder)) {
 *     ModelOutputs outputs = ModelOutputs.compute(model, data, 256);
 *     for (Validator v : Validators.all()) {
 *         System.out.println(v.name() + " " + v.score(model, data, outputs) + " (" + v.direction().word() + " is better)");
 *     }
 * }
 * }</pre>
 */
public final class Validators {
    private static final Map<String, Validator> ALL = new LinkedHashMap<>();

    static {
        for (Validator v : List.of(new SourceAccuracy(), new PredictionEntropy(), new InformationMaximization(),
                new BatchNuclearNorm(), new SoftNeighborhoodDensity(), new DeepEmbeddedValidation(), new ProxyADistance(),
                ReverseValidation.of(ReverseValidation.defaults(true)), ReverseValidation.of(ReverseValidation.defaults(false)))) {
            ALL.put(v.name(), v);
        }
    }

    private Validators() {}

    /** Every validator, in the order above. */
    public static List<Validator> all() {
        return List.copyOf(ALL.values());
    }

    /** The names, in the order above. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * The validator called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Validator named(String name) {
        Validator v = name == null ? null : ALL.get(name.trim().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new IllegalArgumentException("unknown validator '" + name + "'; the validators are "
                    + String.join(", ", ALL.keySet()) + " (or all)");
        }
        return v;
    }

    /**
     * Validators from a comma-separated list of names, or {@code all} for every one, in the
     * order given (duplicates once).
     */
    public static List<Validator> parse(String names) {
        if (names == null || names.isBlank()) {
            throw new IllegalArgumentException("no validator named; the validators are " + String.join(", ", ALL.keySet())
                    + " (or all)");
        }
        List<Validator> out = new ArrayList<>();
        for (String part : names.split(",")) {
            if (part.trim().equalsIgnoreCase("all")) {
                ALL.values().stream().filter(v -> !out.contains(v)).forEach(out::add);
            } else {
                Validator v = named(part);
                if (!out.contains(v)) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
