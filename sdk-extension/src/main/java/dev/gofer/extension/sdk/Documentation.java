package dev.gofer.extension.sdk;

import java.util.List;

/**
 * @param body                 free text (Markdown) for users
 * @param installSettings      settings given at {@code gofer extension install --setting K=V}
 * @param subscriptionSettings settings given at {@code gofer pipeline subscribe --setting K=V}
 */
public record Documentation(String body, List<Param> installSettings, List<Param> subscriptionSettings) {
    public record Param(String key, boolean required, String documentation) {
        public static Param required(String key, String documentation) {
            return new Param(key, true, documentation);
        }

        public static Param optional(String key, String documentation) {
            return new Param(key, false, documentation);
        }
    }
}
