package dev.gofer.sdk.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The declarations of a pipeline's {@code inputs}: each a usable environment variable with a sound type and default. */
final class InputsValidator {
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final int NAME_MAX = 256;
    static final int MAX_INPUTS = 100;

    private InputsValidator() {
    }

    static void check(List<ConfigProblem> problems, List<InputConfig> inputs) {
        if (inputs.size() > MAX_INPUTS) {
            problems.add(new ConfigProblem("inputs", "at most " + MAX_INPUTS + " inputs, got " + inputs.size()));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputConfig input = inputs.get(i);
            String at = "inputs[" + i + "]";
            if (input == null) {
                problems.add(new ConfigProblem(at, "is null"));
                continue;
            }
            String name = input.name();
            if (name == null || name.isEmpty()) {
                problems.add(new ConfigProblem(at + ".name", "is required (the environment variable the value reaches tasks as, e.g. TARGET)"));
            } else if (name.length() > NAME_MAX || !ENV_KEY.matcher(name).matches()) {
                problems.add(new ConfigProblem(at + ".name", "'" + InputCheck.shown(name) + "' is not a valid environment variable name"
                        + " (letters, digits and '_', not starting with a digit, at most " + NAME_MAX + " characters)"));
            } else if (name.startsWith("GOFER_")) {
                problems.add(new ConfigProblem(at + ".name", "'" + name + "': names starting with GOFER_ are Gofer's own variables"));
            } else if (!names.add(name)) {
                problems.add(new ConfigProblem(at + ".name", "duplicate input '" + name + "'"));
            }
            checkType(problems, at, input);
        }
    }

    private static void checkType(List<ConfigProblem> problems, String at, InputConfig input) {
        if (input.type() == null || !InputConfig.TYPES.contains(input.type())) {
            problems.add(new ConfigProblem(at + ".type", (input.type() == null ? "is required" : "'" + InputCheck.shown(input.type())
                    + "' is not a type") + "; one of " + String.join(", ", InputConfig.TYPES)));
            return;
        }
        List<String> choices = input.choices();
        if (input.type().equals(InputConfig.CHOICE)) {
            if (choices == null || choices.isEmpty()) {
                problems.add(new ConfigProblem(at + ".choices", "is required for type choice: the values a run may give, e.g. [staging, prod]"));
                return;
            }
            Set<String> seen = new HashSet<>();
            for (int c = 0; c < choices.size(); c++) {
                String choice = choices.get(c);
                if (choice == null || choice.isEmpty() || choice.indexOf('\0') >= 0) {
                    problems.add(new ConfigProblem(at + ".choices[" + c + "]", "must be a non-empty string"));
                } else if (!seen.add(choice)) {
                    problems.add(new ConfigProblem(at + ".choices[" + c + "]", "duplicate choice '" + InputCheck.shown(choice) + "'"));
                }
            }
        } else if (choices != null) {
            problems.add(new ConfigProblem(at + ".choices", "only type choice takes choices; this input is a " + input.type()));
        }
        if (input.defaultValue() != null) {
            if (input.required()) {
                problems.add(new ConfigProblem(at + ".default", "a required input takes no default (the default would always"
                        + " fill it): drop required or the default"));
            } else {
                String wrong = InputCheck.problem(input, input.defaultValue());
                if (wrong != null) {
                    problems.add(new ConfigProblem(at + ".default", wrong));
                }
            }
        }
    }
}
