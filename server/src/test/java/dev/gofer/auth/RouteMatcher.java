package dev.gofer.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Test helper: finds the RouteTable rule of a concrete path, as the router would (for unit tests of authorize). */
final class RouteMatcher {
    record Match(RouteTable.Rule rule, Map<String, String> params) {
    }

    private RouteMatcher() {
    }

    /** The rule for a concrete request; literal segments win over parameters ({@code /tokens/whoami} over {@code /tokens/:id}). */
    static Optional<Match> match(String method, String path) {
        String[] actual = trim(path).split("/", -1);
        Match best = null;
        int bestParams = Integer.MAX_VALUE;
        for (RouteTable.Rule rule : RouteTable.RULES) {
            if (!rule.method().equals(method)) {
                continue;
            }
            String[] template = rule.path().split("/", -1);
            // a trailing * (as in vertx-web) takes the rest of the path, however many segments
            boolean rest = template[template.length - 1].equals("*");
            if (rest ? actual.length < template.length : template.length != actual.length) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            boolean ok = true;
            for (int i = 0; i < template.length && ok; i++) {
                if (rest && i == template.length - 1) {
                    ok = true;
                } else if (template[i].startsWith(":")) {
                    ok = !actual[i].isEmpty();
                    params.put(template[i].substring(1), decode(actual[i]));
                } else {
                    ok = template[i].equals(actual[i]);
                }
            }
            if (ok && params.size() < bestParams) {
                best = new Match(rule, params);
                bestParams = params.size();
            }
        }
        return Optional.ofNullable(best);
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
