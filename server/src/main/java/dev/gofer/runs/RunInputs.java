package dev.gofer.runs;

import dev.gofer.model.GoferException;
import dev.gofer.model.Variable;
import dev.gofer.sdk.config.InputCheck;
import dev.gofer.sdk.config.InputConfig;
import dev.gofer.sdk.config.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's variables checked against its pipeline's declared {@code inputs}, before anything is stored: a missing
 * required input, a value of the wrong type or outside the choices, or (for a pipeline that declares inputs) an
 * undeclared variable is refused naming the input. Defaults fill what is not given. A pipeline without inputs
 * takes any variable, as before inputs existed. A value is shown only where its type makes it safe (numbers,
 * booleans, choices), never a string's or an undeclared variable's (it may be a secret).
 */
public final class RunInputs {
    private RunInputs() {
    }

    /**
     * @param given  the run's variables in the order given, each with its source
     * @return the run's variables: the given ones, then each default not given (source {@code pipeline_config})
     * @throws GoferException (INVALID) naming the first input that does not fit
     */
    public static List<Variable> resolve(PipelineConfig config, List<Variable> given) {
        List<InputConfig> inputs = config.inputs();
        if (inputs.isEmpty()) {
            return given;
        }
        Map<String, InputConfig> byName = inputs.stream().collect(Collectors.toMap(InputConfig::name, i -> i));
        Map<String, Variable> givenByName = given.stream().collect(Collectors.toMap(Variable::key, v -> v, (a, b) -> b));
        for (Variable v : given) {
            InputConfig input = byName.get(v.key());
            if (input == null) {
                throw GoferException.invalid("variables." + v.key() + ": pipeline '" + config.id() + "' declares inputs, and "
                        + v.key() + " is not one of them; its inputs are " + names(inputs)
                        + " (a pipeline with inputs takes only those)");
            }
            String wrong = InputCheck.problem(input, v.value());
            if (wrong == null && input.required() && v.value().isEmpty()) {
                wrong = "is required and must not be empty";
            }
            if (wrong != null) {
                throw GoferException.invalid("inputs." + input.name() + ": " + wrong
                        + (input.type().equals(InputConfig.CHOICE) ? "" : allowed(input)));
            }
        }
        List<Variable> out = new ArrayList<>(given);
        for (InputConfig input : inputs) {
            if (givenByName.containsKey(input.name())) {
                continue;
            }
            if (input.required()) {
                throw GoferException.invalid("inputs." + input.name() + ": is required and was not given" + allowed(input)
                        + "; give it as a variable, e.g. --var " + input.name() + "=" + example(input));
            }
            if (input.defaultValue() != null) {
                out.add(new Variable(input.name(), input.defaultValue(), Variable.PIPELINE_CONFIG));
            }
        }
        return out;
    }

    /** What the input takes, unless the message already says it. */
    private static String allowed(InputConfig input) {
        return switch (input.type()) {
            case InputConfig.CHOICE -> " (one of " + String.join(", ", input.choices()) + description(input) + ")";
            case InputConfig.NUMBER -> " (a number" + description(input) + ")";
            case InputConfig.BOOLEAN -> " (true or false" + description(input) + ")";
            default -> " (a string" + description(input) + ")";
        };
    }

    private static String description(InputConfig input) {
        return input.description().isBlank() ? "" : ": " + input.description();
    }

    private static String example(InputConfig input) {
        return switch (input.type()) {
            case InputConfig.CHOICE -> input.choices().get(0);
            case InputConfig.NUMBER -> "1";
            case InputConfig.BOOLEAN -> "true";
            default -> "value";
        };
    }

    private static String names(List<InputConfig> inputs) {
        return inputs.stream().map(InputConfig::name).collect(Collectors.joining(", "));
    }
}
