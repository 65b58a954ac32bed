package de.verbund.ingest.submit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import de.verbund.access.policy.ReportId;
import de.verbund.ingest.crypto.DataKey;
import de.verbund.ingest.crypto.SealedField;
import de.verbund.ingest.crypto.Vault;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the text and normalised form of reports stored before sealing (migration V13) under each report's data key,
 * in batches, in the background, so that PostgreSQL — and every backup taken afterwards — holds no report content in
 * clear (docs/adr/0015). Each batch locks its rows ({@code SKIP LOCKED}), so several hub instances share the work;
 * a crash loses at most the open batch, which the next run takes again. The old clear values stay in PostgreSQL's
 * dead tuples and WAL until VACUUM and WAL recycling; the operations notes say to run {@code VACUUM FULL report} once
 * after the first run.
 */
@Service
public class ContentSealing {

    private static final Logger log = LoggerFactory.getLogger(ContentSealing.class);
    static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Vault vault;

    ContentSealing(JdbcTemplate jdbc, TransactionTemplate tx, Vault vault) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.vault = vault;
    }

    /** Seals every report still in clear; returns how many were sealed. */
    @Scheduled(fixedDelayString = "${verbund.lifecycle.sealing-sweep-ms:600000}",
            initialDelayString = "${verbund.lifecycle.sealing-initial-ms:5000}")
    public long sealAll() {
        long sealed = 0;
        @Nullable UUID after = null;
        while (true) {
            UUID from = after;
            Batch batch = tx.execute(status -> batch(from));
            if (batch == null || batch.last() == null) {
                break;
            }
            sealed += batch.sealed();
            after = batch.last();
        }
        if (sealed > 0) {
            log.info("sealed the content of {} reports stored before sealing", sealed);
        }
        return sealed;
    }

    private record Batch(long sealed, @Nullable UUID last) {}

    private Batch batch(@Nullable UUID after) {
        record Row(UUID id, @Nullable String location, String text, @Nullable String normalised, boolean erased) {}
        List<Row> rows = jdbc.query("""
                SELECT id, vault_location, text, normalised::text, erased_at IS NOT NULL FROM report
                WHERE text IS NOT NULL AND (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)), after, after, BATCH);
        long sealed = 0;
        for (Row row : rows) {
            ReportId id = new ReportId(row.id());
            Optional<DataKey> key = row.erased() ? Optional.empty() : vault.dataKey(id, row.location());
            if (key.isEmpty()) {
                if (row.erased()) {
                    jdbc.update("UPDATE report SET text = NULL, normalised = NULL WHERE id = ?", row.id());
                } else {
                    log.warn("report {} cannot be sealed: its original is missing from the vault", id);
                }
                continue;
            }
            try {
                jdbc.update("""
                        UPDATE report SET text_sealed = ?, normalised_sealed = ?, text = NULL, normalised = NULL
                        WHERE id = ?""", SealedField.seal(key.get(), id, SealedField.Field.TEXT, row.text()),
                        SealedField.seal(key.get(), id, SealedField.Field.NORMALISED,
                                row.normalised() == null ? "{}" : row.normalised()), row.id());
                sealed++;
            } finally {
                key.get().wipe();
            }
        }
        return new Batch(sealed, rows.isEmpty() ? null : rows.getLast().id());
    }
}
