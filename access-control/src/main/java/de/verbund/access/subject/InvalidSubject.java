package de.verbund.access.subject;

/** The token's claims do not describe a valid subject (missing or unknown authority, clearance, roles). */
public final class InvalidSubject extends RuntimeException {
    public InvalidSubject(String reason) {
        super(reason);
    }
}
