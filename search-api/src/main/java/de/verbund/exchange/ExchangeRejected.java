package de.verbund.exchange;

import java.util.List;
import java.util.Map;

/**
 * A selector check or access request that cannot be carried out; {@link #type()} names the problem type.
 *
 * @param type e.g. {@code invalid-selectors}, {@code not-found}, {@code already-decided}
 * @param status the HTTP status the web edge answers with
 * @param errors per-item problems, e.g. {@code {index: 3, problem: "unknown-type"}}; never echoes values
 */
public final class ExchangeRejected extends RuntimeException {

    private final String type;
    private final int status;
    private final List<Map<String, Object>> errors;

    public ExchangeRejected(String type, int status, String message, List<Map<String, Object>> errors) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ExchangeRejected(String type, int status, String message) {
        this(type, status, message, List.of());
    }

    /** The one answer for references and requests that do not exist for the caller, whatever the reason. */
    static ExchangeRejected notFound() {
        return new ExchangeRejected("not-found", 404, "No such reference or request.");
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }
}
