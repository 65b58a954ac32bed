package de.verbund.ingest;

import java.nio.file.Path;
import java.time.Duration;

import de.verbund.ingest.extract.ExtractionLimits;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ingest module, one record for its six key groups ({@code verbund.ingest}, {@code verbund.vault},
 * {@code verbund.crypto}, {@code verbund.index}, {@code verbund.extract}, {@code verbund.lifecycle}).
 */
@ConfigurationProperties("verbund")
public record IngestProperties(@DefaultValue Submission ingest, VaultStore vault, Crypto crypto,
                               @DefaultValue Index index, @DefaultValue ExtractionLimits extract,
                               @DefaultValue Lifecycle lifecycle) {

    public IngestProperties {
        if (vault == null || crypto == null) {
            throw new IllegalArgumentException("verbund.vault.dir, verbund.crypto.keystore and verbund.crypto.master-secret are required");
        }
    }

    /** @param maxFileBytes largest accepted file */
    public record Submission(@DefaultValue("104857600") long maxFileBytes) {
        public Submission {
            if (maxFileBytes < 1) {
                throw new IllegalArgumentException("verbund.ingest.max-file-bytes must be positive");
            }
        }
    }

    /**
     * @param dir folder of the encrypted originals
     * @param orphanGrace how old an original without a report row must be before the janitor removes it
     */
    public record VaultStore(Path dir, @DefaultValue("10m") Duration orphanGrace) {
        public VaultStore {
            if (dir == null) {
                throw new IllegalArgumentException("verbund.vault.dir is required");
            }
        }
    }

    /**
     * @param keystore PKCS#12 file of the authorities' key-encryption keys
     * @param masterSecret protects the keystore; never logged
     * @param trustDir certificates of the submitting systems (provenance signatures)
     */
    public record Crypto(@Nullable Path keystore, @Nullable String masterSecret, @DefaultValue("trust") Path trustDir) {

        /** Whether the development key store is configured (required without a PKCS#11 token). */
        public boolean hasKeystore() {
            return keystore != null && masterSecret != null && !masterSecret.isBlank();
        }

        @Override
        public String toString() {
            return "Crypto[keystore=" + keystore + ", masterSecret=***, trustDir=" + trustDir + "]";
        }
    }

    /**
     * @param erasureGrace how long a report restricted by its passed review deadline waits for its approvers'
     *        decision before the rule erases it (lifecycle issue; default 90 days)
     * @param compactBelow a closed vault pack is compacted when its live originals fill less than this share of it
     * @param compactionQuiet how long a pack must have been left unwritten before compaction touches it (a submission
     *        writes its originals before it commits their rows; as long as the orphan janitor's grace)
     */
    public record Lifecycle(@DefaultValue("90d") Duration erasureGrace, @DefaultValue("0.75") double compactBelow,
                            @DefaultValue("10m") Duration compactionQuiet) {
        public Lifecycle {
            if (erasureGrace.isNegative() || compactBelow <= 0 || compactBelow > 1 || compactionQuiet.isNegative()) {
                throw new IllegalArgumentException("verbund.lifecycle.erasure-grace and compaction-quiet must not be "
                        + "negative, compact-below must lie in (0, 1]");
            }
        }
    }

    /**
     * @param name the alias of the report index ({@code verbund-…})
     * @param outboxPoll how often the indexer looks at the outbox without being woken (the fallback: a commit that
     *        adds outbox rows wakes it at once through {@code NOTIFY index_outbox}; rows backed off after a failure
     *        are found by this poll)
     * @param refreshGap the shortest time between two refreshes the indexer forces after indexing, so that a report
     *        is searchable right after it was indexed without a refresh per submission under load (the index's own
     *        refresh interval, 1 s, stays in force besides)
     */
    public record Index(@DefaultValue("verbund-reports") String name, @DefaultValue("1s") Duration outboxPoll,
                        @DefaultValue("100ms") Duration refreshGap) {
        public Index {
            if (!name.matches("verbund-[a-z0-9-]+")) {
                throw new IllegalArgumentException("verbund.index.name must look like 'verbund-…' (lower case)");
            }
            if (outboxPoll.toMillis() < 10 || refreshGap.isNegative()) {
                throw new IllegalArgumentException("verbund.index.outbox-poll is at least 10ms, refresh-gap not negative");
            }
        }
    }
}
