package dev.gofer.api;

import dev.gofer.model.GoferException;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * The first check of every request, before any route: a path that would change under normalisation (dot segments
 * in any spelling: {@code ..}, {@code %2e%2e}, double-encoded, {@code ..;}; empty segments; backslashes; NUL) and a
 * path or query with a malformed percent-escape are answered 400. Routes, and the access check of each route, so
 * only ever see a path that means what it says.
 */
final class RequestGuard {
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    /** Decoding rounds: catches {@code %252e} (double-encoded) and one more layer, as proxies may decode twice. */
    private static final int DECODE_ROUNDS = 3;

    private RequestGuard() {
    }

    static void handle(RoutingContext ctx) {
        String problem = pathProblem(ctx.request().path());
        if (problem == null) {
            problem = queryProblem(ctx.request().query());
        }
        if (problem == null && segments(ctx.normalizedPath()) != segments(ctx.request().path())) {
            problem = "the path changes under normalisation";
        }
        if (problem != null) {
            ctx.fail(GoferException.invalid(problem + "; send the path as the API documents it, each parameter"
                    + " percent-encoded once, without dot segments"));
            return;
        }
        ctx.next();
    }

    /** Why {@code path} is refused, or null. */
    static String pathProblem(String path) {
        if (path == null || !path.startsWith("/")) {
            return "path: must start with /";
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                if (i == segments.length - 1) {
                    continue; // a trailing slash
                }
                return "path: empty segment (//)";
            }
            String decoded = segment;
            for (int round = 0; round < DECODE_ROUNDS; round++) {
                if (decoded.indexOf('%') < 0) {
                    break; // nothing (more) to decode, and no escape to be malformed
                }
                if (BAD_ESCAPE.matcher(decoded).find()) {
                    return "path: malformed percent-escape in segment " + i;
                }
                String next = percentDecode(decoded);
                if (next.equals(decoded)) {
                    break;
                }
                decoded = next;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.startsWith(".;") || decoded.startsWith("..;")) {
                return "path: dot segment (" + segment + ") in segment " + i;
            }
            if (decoded.indexOf('\\') >= 0) {
                return "path: backslash in segment " + i;
            }
            if (decoded.indexOf('\0') >= 0) {
                return "path: NUL in segment " + i;
            }
        }
        return null;
    }

    /** Why the raw query string is refused, or null. */
    static String queryProblem(String query) {
        if (query == null || query.indexOf('%') < 0) {
            return null;
        }
        var bad = BAD_ESCAPE.matcher(query);
        return bad.find() ? "query: malformed percent-escape at character " + (bad.start() + 1)
                + " (a % must be followed by two hex digits)" : null;
    }

    private static int segments(String path) {
        if (path == null) {
            return -1;
        }
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1).length;
    }

    /** %XX to the byte's character (ASCII is all that matters to the checks above); everything else as is. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
