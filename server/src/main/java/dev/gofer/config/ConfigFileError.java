package dev.gofer.config;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a config file parser's failure into one line a user can act on. */
final class ConfigFileError {
    private ConfigFileError() {
    }

    /** A settings file the parser refused: one line naming the file, the line and column, and what was wrong. */
    static IllegalArgumentException of(Path configFile, Throwable e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher at = Pattern.compile("line (\\d+), column (\\d+)").matcher(detail);
        String where = at.find() ? " at line " + at.group(1) + ", column " + at.group(2) : "";
        String what = detail.lines().map(String::trim).filter(l -> l.startsWith("expected") || l.startsWith("found")
                || l.startsWith("mapping values")).findFirst().orElse(detail.lines().findFirst().orElse("").trim());
        return new IllegalArgumentException("settings file " + configFile + " is not valid "
                + (configFile.toString().endsWith(".json") ? "JSON" : "YAML") + where + ": " + what
                + " (fix that line, or point --settings elsewhere)", e);
    }
}
