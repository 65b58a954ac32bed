package de.verbund.exchange;

import java.util.List;
import java.util.Map;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/**
 * A selector check or access request that cannot be carried out, e.g. {@code INVALID_SELECTORS},
 * {@code NOT_FOUND}, {@code ALREADY_DECIDED}.
 */
public final class ExchangeRejected extends Problem {

    /**
     * What is wrong with one selector of a check; never echoes the value.
     *
     * @param problem {@code unknown-type} or {@code invalid-value}
     * @param type the selector type, for an invalid value
     */
    public record ItemError(int index, String problem, @Nullable String type) {}

    private final List<ItemError> errors;

    public ExchangeRejected(ProblemType type, String message, List<ItemError> errors) {
        super(type, message);
        this.errors = List.copyOf(errors);
    }

    public ExchangeRejected(ProblemType type, String message) {
        this(type, message, List.of());
    }

    /** The one answer for references and requests that do not exist for the caller, whatever the reason. */
    static ExchangeRejected notFound() {
        return new ExchangeRejected(ProblemType.NOT_FOUND, "No such reference or request.");
    }

    public List<ItemError> errors() {
        return errors;
    }

    @Override
    public Map<String, Object> properties() {
        return errors.isEmpty() ? Map.of() : Map.of("errors", errors);
    }
}
