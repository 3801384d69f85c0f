package io.github.dann4j.cli;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.report.RunProperties;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.RegressionMetrics;
import io.github.dann4j.train.TensorDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What train prints at the end of a regression run: MAE and RMSE of the source (training data),
 * the held-out source, the labelled target and the validation set, and the domain accuracy;
 * recorded in run.properties as {@code result.<set>_mae} and {@code result.<set>_rmse}.
 */
final class RegressionReport {
    private static final int BATCH = 512;

    private RegressionReport() {}

    static void print(DannTrainer trainer, DannModel model, TrainInputs.Datasets sets, ScalarType dtype, PrintWriter out,
            RunProperties run, Path target, Path validation, boolean sourceOnly) {
        line(out, run, "source", "source (training data)", score(trainer, model, sets.source(), dtype));
        if (sets.heldOut() != null) {
            line(out, run, "source_validation", "source validation (held-out source, " + sets.heldOut().size()
                    + " samples, not trained on)", score(trainer, model, sets.heldOut(), dtype));
        }
        if (sets.target() != null && !sourceOnly) {
            double domain = Evaluation.domainAccuracy(model, sets.source(), sets.target(), BATCH, trainer.device(), dtype);
            run.result("domain_accuracy", domain);
            out.printf(Locale.ROOT, "domain accuracy (source vs target training data) %.4f%n", domain);
        }
        if (sets.targetLabelled()) {
            line(out, run, "target", "target (" + sets.target().size() + " samples from " + target + ")",
                    score(trainer, model, sets.target(), dtype));
        }
        if (sets.validation() != null) {
            line(out, run, "validation", "validation (" + sets.validation().size() + " samples from " + validation + ")",
                    score(trainer, model, sets.validation(), dtype));
        }
        out.flush();
    }

    private static RegressionMetrics score(DannTrainer trainer, DannModel model, TensorDataset set, ScalarType dtype) {
        return Evaluation.regression(model, set, BATCH, trainer.device(), dtype);
    }

    /** {@code <what> MAE m RMSE r}, then the per-output values when there are several. */
    private static void line(PrintWriter out, RunProperties run, String key, String what, RegressionMetrics m) {
        run.result(key + "_mae", m.overallMae());
        run.result(key + "_rmse", m.overallRmse());
        out.printf(Locale.ROOT, "%s MAE %.6g RMSE %.6g%n", what, m.overallMae(), m.overallRmse());
        if (m.outputs() > 1) {
            double[] mae = m.mae();
            double[] rmse = m.rmse();
            for (int j = 0; j < m.outputs(); j++) {
                out.printf(Locale.ROOT, "  output %d: MAE %.6g RMSE %.6g%n", j, mae[j], rmse[j]);
            }
        }
    }
}
