package de.verbund.ingest.extract;

/** The file could not be parsed (corrupt, encrypted, unsupported); the reason is safe to show the submitter. */
public final class ExtractionFailed extends RuntimeException {

    private final String reason;

    public ExtractionFailed(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
