package de.verbund.web.layout;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/**
 * A refusal of a service as the pages show it: the message key of its problem type ({@code problem.<slug>}, German
 * and English in the bundles) and, for a label, the label's key. The English detail of the API is not shown.
 * Serializable: it travels as a flash attribute through the session, which lives in PostgreSQL.
 */
public record ProblemText(String key, String label) implements java.io.Serializable {

    public static ProblemText of(Problem problem) {
        Object label = problem.properties().get("label");
        return of(problem.type(), label instanceof String l ? l : "");
    }

    public static ProblemText of(ProblemType type, String label) {
        return new ProblemText("problem." + type.slug(), label.isEmpty() ? "" : "label." + label);
    }
}
