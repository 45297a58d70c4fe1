package dev.gofer.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repetitions of one figure: median and spread, nothing else. */
public record Stats(List<Double> values) {
    public Stats {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        values = List.copyOf(sorted);
    }

    public static Stats of(List<? extends Number> samples) {
        return new Stats(samples.stream().map(Number::doubleValue).toList());
    }

    public double median() {
        return percentile(50);
    }

    public double min() {
        return values.get(0);
    }

    public double max() {
        return values.get(values.size() - 1);
    }

    /** Nearest-rank percentile: an observed value, never an interpolation. */
    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * values.size());
        return values.get(Math.max(0, Math.min(values.size() - 1, rank - 1)));
    }

    public int count() {
        return values.size();
    }

    /** Two observed values, low and high. */
    public record Interval(double low, double high) {
    }

    /**
     * A distribution-free 90% confidence interval of the median: the order statistics at ranks n/2 ∓ 1.645·√n/2
     * (the binomial's normal approximation, fair from about 20 samples), so a median's precision is stated, not
     * guessed from the spread.
     */
    public Interval medianInterval90() {
        int n = values.size();
        double half = 1.645 * Math.sqrt(n) / 2;
        int low = (int) Math.floor(n / 2.0 - half);
        int high = (int) Math.ceil(1 + n / 2.0 + half);
        return new Interval(values.get(Math.max(1, low) - 1), values.get(Math.min(n, high) - 1));
    }

    /**
     * "median (min–max)" for a few repetitions; "median (p10–p90)" once there are enough samples for
     * the tails to mean something.
     */
    public String describe(Unit unit) {
        if (values.size() >= 20) {
            return unit.format(median()) + " (p10–p90 " + unit.format(percentile(10)) + "–" + unit.format(percentile(90)) + ")";
        }
        return unit.format(median()) + " (" + unit.format(min()) + "–" + unit.format(max()) + ", n=" + values.size() + ")";
    }
}
