package de.verbund.audit;

/** The audit record could not be written durably; the request that caused it must fail. */
public final class AuditWriteFailed extends RuntimeException {
    public AuditWriteFailed(Throwable cause) {
        super("audit record could not be written", cause);
    }
}
