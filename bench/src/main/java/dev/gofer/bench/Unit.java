package dev.gofer.bench;

import java.util.Locale;

/** How a figure is printed. */
public enum Unit {
    MS("ms"), S("s"), US("µs"), PER_MIN("runs/min"), MB("MB"), MB_PER_S("MB/s"), RUNS_PER_S("runs/s"), RATIO("x");

    private final String suffix;

    Unit(String suffix) {
        this.suffix = suffix;
    }

    public String format(double v) {
        String n = Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        return this == RATIO ? n + "x" : n + " " + suffix;
    }
}
