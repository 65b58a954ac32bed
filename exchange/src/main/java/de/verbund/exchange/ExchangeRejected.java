package de.verbund.exchange;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/**
 * A selector check or access request that cannot be carried out, e.g. {@code INVALID_SELECTORS} (none, or more than
 * a check takes), {@code NOT_FOUND}, {@code ALREADY_DECIDED}. The message never echoes a value.
 */
public final class ExchangeRejected extends Problem {

    public ExchangeRejected(ProblemType type, String message) {
        super(type, message);
    }

    /** The one answer for references and requests that do not exist for the caller, whatever the reason. */
    static ExchangeRejected notFound() {
        return new ExchangeRejected(ProblemType.NOT_FOUND, "No such reference or request.");
    }
}
