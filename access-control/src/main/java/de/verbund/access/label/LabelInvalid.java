package de.verbund.access.label;

/** A submitted label is missing, has an unknown value or breaks a rule of the brief. Nothing is stored. */
public final class LabelInvalid extends RuntimeException {

    private final String label;

    public LabelInvalid(String label, String reason) {
        super(label + ": " + reason);
        this.label = label;
    }

    /** The name of the offending label, as in the submission JSON. */
    public String label() {
        return label;
    }
}
