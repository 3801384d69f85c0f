package io.github.dann4j.cli;

import io.github.dann4j.train.StepMetrics;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with ETA, current losses, domain accuracy and lambda, drawn on standard error
 * when it is a terminal; silent otherwise (logs, CI, pipes).
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long total) {
        if (System.console() == null) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().build();
        return new Progress(bar);
    }

    void step(StepMetrics m) {
        if (bar == null) {
            return;
        }
        bar.stepTo(m.step() + 1);
        bar.setExtraMessage(Double.isNaN(m.domainLoss())
                ? String.format(Locale.ROOT, "loss %.3f", m.labelLoss())
                : String.format(Locale.ROOT, "l_y %.3f l_d %.3f dacc %.2f lambda %.2f", m.labelLoss(), m.domainLoss(),
                        m.domainAccuracy(), m.lambda()));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
