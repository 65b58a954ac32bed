package de.verbund.access.label;

import java.util.Map;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** A submitted label is missing, has an unknown value or breaks a rule of the brief. Nothing is stored. */
public final class LabelInvalid extends Problem {

    private final String label;

    public LabelInvalid(String label, String reason) {
        super(ProblemType.LABEL_INVALID, label + ": " + reason);
        this.label = label;
    }

    /** The name of the offending label, as in the submission JSON. */
    public String label() {
        return label;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("label", label);
    }
}
