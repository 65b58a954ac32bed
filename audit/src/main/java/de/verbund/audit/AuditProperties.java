package de.verbund.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail ({@code verbund.audit.*}).
 *
 * @param signingKey file of the Ed25519 key that signs checkpoints (created, private, when missing)
 * @param keyName key name in the signed notes (C2SP signed-note)
 * @param origin origin line of the checkpoints
 * @param checkpointSeconds a checkpoint at least this often while records arrive
 * @param checkpointRecords a checkpoint at least every this many records
 * @param batch records per group commit
 * @param writeTimeout how long a request waits for its record to be durable before it fails
 */
@ConfigurationProperties("verbund.audit")
public record AuditProperties(Path signingKey, @DefaultValue("verbund-audit") String keyName,
                              @DefaultValue("verbund.local/audit") String origin,
                              @DefaultValue("10") long checkpointSeconds, @DefaultValue("10000") long checkpointRecords,
                              @DefaultValue("500") int batch, @DefaultValue("10s") Duration writeTimeout) {

    public AuditProperties {
        if (signingKey == null) {
            throw new IllegalArgumentException("verbund.audit.signing-key is required");
        }
        if (keyName.isBlank() || origin.isBlank() || checkpointSeconds < 1 || checkpointRecords < 1 || batch < 1
                || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("invalid verbund.audit settings");
        }
    }
}
