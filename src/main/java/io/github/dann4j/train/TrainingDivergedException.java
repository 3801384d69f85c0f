package io.github.dann4j.train;

/** The loss became NaN or infinite; the step's update was not applied, so the weights are the last good ones. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public TrainingDivergedException(long step, double loss) {
        super("training diverged at step " + step + ": loss is " + loss
                + "; the update was not applied (try a lower learning rate or lambda)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
