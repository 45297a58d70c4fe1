package dev.gofer.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md stays the front door (short), and no relative link in README.md or docs/*.md leads nowhere: each names
 * a file that exists and, after a {@code #}, a heading of that file. Maven runs the tests with the module as working
 * directory, so the repository root is {@code ..}.
 */
class DocsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final int README_MAX_LINES = 260;

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("(?m)^```.*?^```", Pattern.DOTALL);
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");

    @Test
    void readmeIsShort() throws IOException {
        long lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines, at most " + README_MAX_LINES
                + " allowed: it is the front door; move reference material into docs/ and link it");
    }

    @Test
    void readmeStatesTheTestCommandCiRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("bash scripts/test.sh"), "README.md must say how the tests are run");
        assertTrue(Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8).contains("bash scripts/test.sh"),
                ".ci/run no longer runs scripts/test.sh: update README.md's test command with it");
    }

    @Test
    void everyRelativeLinkPointsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : markdownFiles()) {
            for (String target : links(Files.readString(doc, StandardCharsets.UTF_8))) {
                String problem = check(doc, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(doc) + ": (" + target + ") " + problem);
                }
            }
        }
        assertEquals(List.of(), broken, "broken links in the docs");
    }

    @Test
    void anchorsFollowGitHubsHeadingIds() {
        assertEquals("masking-what-it-catches-and-what-it-cannot", anchor("Masking: what it catches and what it cannot"));
        assertEquals("from-inside-a-task-inject_api_token", anchor("From inside a task: `inject_api_token`"));
        assertEquals("storage-sqlite-or-postgresql", anchor("Storage: SQLite or PostgreSQL"));
        assertEquals(List.of("docs/a.md#b", "c.md"), links("[x](docs/a.md#b) `[y](not-a-link.md)` [z](c.md \"title\")\n"
                + "```\n[w](in-code.md)\n```\n"));
    }

    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** Link targets outside code blocks and inline code. */
    static List<String> links(String markdown) {
        String text = INLINE_CODE.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Null when the target is fine (or not ours to check: a URL); otherwise what is wrong. */
    private static String check(Path doc, String target) throws IOException {
        if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file " + ROOT.relativize(resolved);
        }
        if (fragment != null && resolved.toString().endsWith(".md")
                && !anchors(Files.readString(resolved, StandardCharsets.UTF_8)).contains(fragment)) {
            return "no heading #" + fragment + " in " + ROOT.relativize(resolved);
        }
        return null;
    }

    /** The ids GitHub gives a file's headings (a repeated heading gets -1, -2, ...). */
    static Set<String> anchors(String markdown) {
        Set<String> ids = new HashSet<>();
        for (String line : FENCE.matcher(markdown).replaceAll("").split("\n")) {
            if (line.matches("#{1,6} .*")) {
                String id = anchor(line.replaceFirst("#{1,6} ", ""));
                String unique = id;
                for (int n = 1; !ids.add(unique); n++) {
                    unique = id + "-" + n;
                }
            }
        }
        return ids;
    }

    /** GitHub's rule: lower case, punctuation dropped (but - and _), spaces become dashes. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
