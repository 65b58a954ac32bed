package de.verbund.ingest.extract;

import de.verbund.problem.ProblemType;

/**
 * The file could not be turned into text. {@link #reason()} is the problem type, the message is safe to show the
 * submitter; neither carries content.
 */
public final class ExtractionFailed extends RuntimeException {

    private final ProblemType reason;

    public ExtractionFailed(ProblemType reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ExtractionFailed(ProblemType reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** e.g. {@code ENCRYPTED_DOCUMENT}, {@code ZIP_BOMB}, {@code PARSE_TIMEOUT}, {@code CORRUPT_FILE}. */
    public ProblemType reason() {
        return reason;
    }
}
