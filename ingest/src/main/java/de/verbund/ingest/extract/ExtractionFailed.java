package de.verbund.ingest.extract;

/**
 * The file could not be turned into text. {@link #reason()} is a stable code (problem type), the message is
 * safe to show the submitter; neither carries content.
 */
public final class ExtractionFailed extends RuntimeException {

    private final String reason;

    public ExtractionFailed(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ExtractionFailed(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** e.g. {@code encrypted-document}, {@code zip-bomb}, {@code parse-timeout}, {@code corrupt-file}. */
    public String reason() {
        return reason;
    }
}
