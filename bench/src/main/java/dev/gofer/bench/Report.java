package dev.gofer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The markdown table and the machine header, printed and written to RESULTS.md. */
final class Report {
    private final List<String> header = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    void header(String line) {
        header.add(line);
    }

    void add(Row row) {
        rows.add(row);
        System.out.println("  " + row.name() + ": " + row.gofer().describe(row.unit())
                + (row.floor() == null ? "" : " vs floor " + row.floor().describe(row.unit()) + " = " + row.ratio().describe(Unit.RATIO))
                + " [" + row.target().text() + ": " + row.verdict() + "]");
    }

    /** Free text (a breakdown, a profile summary) printed under the table. */
    void section(String markdown) {
        sections.add(markdown);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Gofer benchmark results\n\n");
        header.forEach(h -> md.append("- ").append(h).append('\n'));
        md.append("\nEach figure: median of the repetitions, spread in brackets (min–max, or p10–p90 with ≥ 20 samples). ")
                .append("Ratios are taken per repetition (Gofer and its floor measured back to back) and then summarised. ")
                .append("The floor is raw Docker (docker-java) unless the row's note names another.\n\n");
        md.append("| # | benchmark | Gofer | floor | ratio | target | result |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        int i = 1;
        for (Row r : rows) {
            md.append("| ").append(i++).append(" | ").append(r.name())
                    .append(r.note() == null ? "" : "<br><sub>" + r.note() + "</sub>")
                    .append(" | ").append(r.gofer().describe(r.unit()))
                    .append(" | ").append(r.floor() == null ? "–" : r.floor().describe(r.unit()))
                    .append(" | ").append(r.ratio() == null ? "–" : r.ratio().describe(Unit.RATIO))
                    .append(" | ").append(r.target().text())
                    .append(" | ").append(r.verdict()).append(" |\n");
        }
        sections.forEach(s -> md.append('\n').append(s).append('\n'));
        return md.toString();
    }

    void write(Path file) throws IOException {
        String md = markdown();
        System.out.println();
        System.out.println(md);
        Files.writeString(file, md);
        System.out.println("written to " + file);
    }
}
