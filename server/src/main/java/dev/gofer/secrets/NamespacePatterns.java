package dev.gofer.secrets;

import dev.gofer.model.GoferException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which namespaces may use a global secret: Java regular expressions, each matched against the WHOLE
 * namespace id ({@code team-.*} matches {@code team-a}, not {@code my-team-a}). Gofer 0.9.1 matched anywhere in
 * the id (so {@code prod} also matched {@code nonprod}) and ignored invalid patterns; here whole-id matching is
 * the default and an invalid pattern is refused when the secret is put.
 */
public final class NamespacePatterns {
    private NamespacePatterns() {
    }

    /** Blank entries are dropped; an empty list means no namespace may use the secret. */
    public static List<String> check(List<String> patterns) {
        List<String> kept = patterns.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).toList();
        for (int i = 0; i < kept.size(); i++) {
            try {
                Pattern.compile(kept.get(i));
            } catch (PatternSyntaxException e) {
                throw GoferException.invalid("namespaces[" + i + "]: '" + kept.get(i) + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        return kept;
    }

    public static boolean allows(List<String> patterns, String namespaceId) {
        for (String p : patterns) {
            try {
                if (Pattern.compile(p).matcher(namespaceId).matches()) {
                    return true;
                }
            } catch (PatternSyntaxException e) {
                // checked at put time; a stored invalid pattern allows nothing
            }
        }
        return false;
    }
}
