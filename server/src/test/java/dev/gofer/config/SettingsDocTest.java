package dev.gofer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md lists exactly the settings of {@link ServerSettings#SETTINGS}: its table is generated from that
 * list, and this test fails when the two differ (a setting added, renamed, or its default or description changed).
 *
 * <p>Regenerate the table with {@value #REGENERATE}. Maven runs the tests with the module as working directory, so
 * the file is {@code ../docs/settings.md}.
 */
class SettingsDocTest {
    static final String REGENERATE = "mvn -B -o -pl server -am test -Dtest=SettingsDocTest -Dgofer.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false";
    static final Path SETTINGS_DOC = Path.of("..", "docs", "settings.md");
    static final String BEGIN = "<!-- BEGIN SETTINGS TABLE: generated from ServerSettings.SETTINGS by SettingsDocTest; do not edit by hand -->";
    static final String END = "<!-- END SETTINGS TABLE -->";

    @Test
    void settingsDocListsExactlyTheSettingsInTheCode() throws IOException {
        String doc = Files.readString(SETTINGS_DOC, StandardCharsets.UTF_8);
        String expected = table(ServerSettings.SETTINGS);
        if (Boolean.getBoolean("gofer.docs.write")) {
            Files.writeString(SETTINGS_DOC, withTable(doc, expected), StandardCharsets.UTF_8);
            return;
        }
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            fail(SETTINGS_DOC.toAbsolutePath().normalize() + " has no generated settings table (the lines " + BEGIN
                    + " ... " + END + "); write it with: " + REGENERATE);
        }
        String actual = doc.substring(begin + BEGIN.length(), end).strip();
        if (!actual.equals(expected.strip())) {
            fail("docs/settings.md does not match ServerSettings.SETTINGS" + differences(actual)
                    + "\nRegenerate it with: " + REGENERATE + "\nExpected table:\n" + expected);
        }
    }

    @Test
    void generatedTableEscapesWhatMarkdownWouldEat() {
        assertEquals("| `store` | `--store` | `GOFER_STORE` | `sqlite` | where state is kept: sqlite (&lt;data_dir&gt;/gofer.db)"
                + " or postgres://user:pass@host:5432/db[?schema=name] |", row(Setting.STORE));
        assertEquals("x \\| y", cell("x | y"));
    }

    @Test
    void everySettingIsNamedTheSameWayInEverySource() {
        for (Setting s : Setting.values()) {
            assertEquals(s.key(), s.key().toLowerCase(Locale.ROOT));
            assertEquals("GOFER_" + s.key().toUpperCase(Locale.ROOT), s.env());
            assertEquals("--" + s.key().replace('_', '-'), s.flag());
        }
        assertEquals("--data-dir", Setting.DATA_DIR.flag());
        assertEquals("GOFER_DATA_DIR", Setting.DATA_DIR.env());
        assertEquals("data_dir", Setting.DATA_DIR.key());
    }

    /** The table the doc must hold: one row per setting, in the code's order. */
    static String table(List<Setting> settings) {
        StringBuilder out = new StringBuilder();
        out.append("| config key | flag of `service start` | env var | default | what it does |\n");
        out.append("|---|---|---|---|---|\n");
        for (Setting s : settings) {
            out.append(row(s)).append('\n');
        }
        return out.toString();
    }

    static String row(Setting s) {
        String dflt = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
        return "| `" + s.key() + "` | `" + s.flag() + "` | `" + s.env() + "` | " + dflt + " | " + cell(s.description()) + " |";
    }

    static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String withTable(String doc, String table) {
        String block = BEGIN + "\n" + table + END;
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            return doc.stripTrailing() + "\n\n" + block + "\n";
        }
        return doc.substring(0, begin) + block + doc.substring(end + END.length());
    }

    /** Names the settings that are missing from the doc or that the doc has but the code does not. */
    private static String differences(String actualTable) {
        Set<String> documented = actualTable.lines()
                .filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> inCode = ServerSettings.SETTINGS.stream().map(Setting::key)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        StringBuilder out = new StringBuilder();
        Set<String> missing = new LinkedHashSet<>(inCode);
        missing.removeAll(documented);
        Set<String> extra = new LinkedHashSet<>(documented);
        extra.removeAll(inCode);
        if (!missing.isEmpty()) {
            out.append("\nnot in the doc: ").append(missing);
        }
        if (!extra.isEmpty()) {
            out.append("\nin the doc but not in the code: ").append(extra);
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            out.append("\nsame settings, but a default, flag, env var, description or the order differs");
        }
        return out.toString();
    }
}
