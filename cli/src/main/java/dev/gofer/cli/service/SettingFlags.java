package dev.gofer.cli.service;

import dev.gofer.config.ServerSettings;
import dev.gofer.config.Setting;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The setting flags of {@code gofer service start}, built from {@link ServerSettings#SETTINGS} when the command is
 * built: every setting gets {@code --<key-with-dashes>}, with its env var, config key and default in its help, so a
 * setting added to {@link Setting} has its flag the moment it exists.
 *
 * <p>The flags have no default value: {@link #given} returns only what was typed, so env vars and the settings file
 * still apply to the rest.
 */
public final class SettingFlags implements IModelTransformer {
    /** Short spellings kept for habit: {@code --dev} is {@code --development-mode}. */
    private static final String DEV = "--dev";

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Setting s : ServerSettings.SETTINGS) {
            spec.addOption(option(s));
        }
        spec.usageMessage().footer(
                "",
                "Each setting above is also an env var and a key of the --settings file (YAML or JSON), e.g. `port: 9090`.",
                "A flag beats its env var, which beats the settings file, which beats the default.",
                "Every setting, with more detail: docs/settings.md.");
        return spec;
    }

    /** The settings given as flags, keyed like the settings file; values stay text, {@link ServerSettings} checks them. */
    public static JsonObject given(CommandSpec spec) {
        JsonObject flags = new JsonObject();
        for (Setting s : ServerSettings.SETTINGS) {
            OptionSpec option = spec.findOption(s.flag());
            String value = option == null ? null : option.getValue();
            if (value != null) {
                flags.put(s.key(), value);
            }
        }
        return flags;
    }

    private static OptionSpec option(Setting s) {
        String[] names = s == Setting.DEVELOPMENT_MODE ? new String[] {s.flag(), DEV} : new String[] {s.flag()};
        OptionSpec.Builder option = OptionSpec.builder(names)
                .type(String.class)
                .paramLabel(s.valueLabel())
                .description(help(s.description() + (s.secret() ? " (prefer the env var: flags show in ps)" : "")),
                        help("env " + s.env()),
                        help("config key " + s.key()),
                        help("default: " + (s.defaultValue().isEmpty() ? "empty" : s.defaultValue())));
        if (s.kind() == Setting.Kind.SWITCH) {
            option.arity("0..1").fallbackValue("true"); // `--dev` alone means true
        } else {
            option.arity("1");
        }
        return option.build();
    }

    /** picocli runs help text through String.format and expands ${...}: show both literally. */
    private static String help(String text) {
        return text.replace("%", "%%").replace("${", "$${");
    }
}
