package de.verbund.cluster;

/**
 * Named steps of the submission, indexing, erasure and audit checkpoint pipelines. Production does nothing here; the crash-recovery test
 * configures {@code verbund.test.crash-at} to halt the JVM at one step and proves that nothing is lost or
 * duplicated afterwards.
 */
public final class CrashPoints {

    public static final String AFTER_VAULT_WRITE = "after-vault-write";
    public static final String AFTER_COMMIT = "after-commit";
    public static final String AFTER_BULK_INDEX = "after-bulk-index";
    /** Erasure: the report is marked erased (out of every consultation), its data key not yet destroyed. */
    public static final String AFTER_ERASURE_MARK = "after-erasure-mark";
    /** Erasure: the data key is destroyed, the sealed content and selectors not yet removed from PostgreSQL. */
    public static final String AFTER_KEY_DESTROYED = "after-key-destroyed";
    /** Key rotation: an original's header is re-wrapped in the vault, its row's batch not yet committed. */
    public static final String AFTER_REWRAP = "after-rewrap";
    /** Audit: a checkpoint is signed and inserted, its transaction not yet committed (the leader dies mid-checkpoint). */
    public static final String AFTER_CHECKPOINT_SIGNED = "after-checkpoint-signed";

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
