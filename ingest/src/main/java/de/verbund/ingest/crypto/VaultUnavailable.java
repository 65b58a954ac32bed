package de.verbund.ingest.crypto;

/** The vault could not store or open an original. */
public final class VaultUnavailable extends RuntimeException {
    public VaultUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
