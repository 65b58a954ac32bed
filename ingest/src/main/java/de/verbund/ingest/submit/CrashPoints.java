package de.verbund.ingest.submit;

/**
 * Named steps of the submission and indexing pipeline. Production does nothing here; the crash-recovery test
 * configures {@code verbund.test.crash-at} to halt the JVM at one step and proves that nothing is lost or
 * duplicated afterwards.
 */
public final class CrashPoints {

    public static final String AFTER_VAULT_WRITE = "after-vault-write";
    public static final String AFTER_COMMIT = "after-commit";
    public static final String AFTER_BULK_INDEX = "after-bulk-index";

    private static final String CRASH_AT = System.getProperty("verbund.test.crash-at", "");

    private CrashPoints() {
    }

    public static void reached(String step) {
        if (CRASH_AT.equals(step)) {
            System.err.println("[crash-test] halting at " + step);
            Runtime.getRuntime().halt(137);
        }
    }
}
