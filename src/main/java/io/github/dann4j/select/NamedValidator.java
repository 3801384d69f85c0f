package io.github.dann4j.select;

/** What every validator states the same way: its registry name, direction and need of source data. */
abstract class NamedValidator implements Validator {
    private final String name;
    private final Direction direction;
    private final boolean needsSource;

    NamedValidator(String name, Direction direction, boolean needsSource) {
        this.name = name;
        this.direction = direction;
        this.needsSource = needsSource;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Direction direction() {
        return direction;
    }

    @Override
    public final boolean needsSource() {
        return needsSource;
    }
}
