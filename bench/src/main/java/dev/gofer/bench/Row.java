package dev.gofer.bench;

/**
 * One line of the results table. {@code floor} and {@code ratio} may be null where there is no floor (an
 * absolute target). {@code met} compares the median against the target.
 */
public record Row(String name, Stats gofer, Stats floor, Stats ratio, Unit unit, Target target, String note) {

    /** A target such as "≤ 1.15x" on the ratio, or "< 100 ms" on the figure itself. */
    public record Target(String text, boolean onRatio, boolean atMost, double bound) {
        public static Target ratioAtMost(double bound) {
            return new Target("≤ " + bound + "x", true, true, bound);
        }

        public static Target ratioAtLeast(double bound) {
            return new Target("≥ " + bound + "x of raw", true, false, bound);
        }

        public static Target below(double bound, Unit unit) {
            return new Target("< " + unit.format(bound), false, true, bound);
        }

        public static Target atMost(double bound, Unit unit) {
            return new Target("≤ " + unit.format(bound), false, true, bound);
        }

        public static Target none() {
            return new Target("–", false, true, Double.NaN);
        }

        boolean met(double value) {
            return atMost ? value <= bound : value >= bound;
        }
    }

    public static Row compared(String name, Stats gofer, Stats floor, Stats ratio, Unit unit, Target target, String note) {
        return new Row(name, gofer, floor, ratio, unit, target, note);
    }

    public static Row absolute(String name, Stats gofer, Unit unit, Target target, String note) {
        return new Row(name, gofer, null, null, unit, target, note);
    }

    /** The figure the target is about: a chosen percentile for latency rows lives in {@code gofer} already. */
    public String verdict() {
        if (Double.isNaN(target.bound())) {
            return "–";
        }
        Stats judged = target.onRatio() ? ratio : gofer;
        return target.met(judged.median()) ? "met" : "**missed**";
    }
}
