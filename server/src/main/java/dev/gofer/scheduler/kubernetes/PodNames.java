package dev.gofer.scheduler.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gofer's container names and label values, made acceptable to Kubernetes. Pod names must be DNS labels
 * (lowercase, digits, '-', at most 63); label values at most 63 characters of letters, digits, '-', '_', '.'.
 * Both mappings are deterministic, so a name or a label looked up later maps to the same pod.
 */
final class PodNames {
    static final int MAX = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private PodNames() {
    }

    /** {@code gofer_1a2b_ns_pipe_3_Build} becomes {@code gofer-1a2b-ns-pipe-3-build}; too long ones keep a hash. */
    static String podName(String containerName) {
        String clean = containerName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        if (clean.isEmpty()) {
            clean = "gofer";
        }
        boolean hadUpperCase = !containerName.toLowerCase(Locale.ROOT).equals(containerName);
        if (clean.length() > MAX || hadUpperCase) {
            // two names differing only in case (or in a long tail) must not share a pod
            String hash = hash(containerName);
            clean = trimEnd(clean, MAX - hash.length() - 1) + "-" + hash;
        }
        return clean;
    }

    /** The pull Secret of a pod: named after it, so a retry with the same name replaces it. */
    static String pullSecretName(String podName) {
        return podName + "-pull";
    }

    /** Valid values stay as they are (so `kubectl get pods -l gofer.task=build` works); others get a hash. */
    static String labelValue(String value) {
        if (value.length() <= MAX && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        String hash = hash(value);
        String clean = value.replaceAll("[^A-Za-z0-9_.-]", "-");
        return trimEnd(clean.replaceAll("^[^A-Za-z0-9]+", ""), MAX - hash.length() - 1) + "-" + hash;
    }

    static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> out.put(k, labelValue(v)));
        return out;
    }

    private static String trimEnd(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) : s;
        return cut.replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
