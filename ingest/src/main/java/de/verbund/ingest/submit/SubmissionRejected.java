package de.verbund.ingest.submit;

/** A submission that is refused as a whole; nothing is stored. {@code type} becomes the problem type. */
public final class SubmissionRejected extends RuntimeException {

    private final String type;

    public SubmissionRejected(String type, String detail) {
        super(detail);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
