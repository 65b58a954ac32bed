package de.verbund.ingest.submit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import de.verbund.cluster.Leadership;
import de.verbund.ingest.IngestProperties;
import de.verbund.ingest.crypto.Vault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes vault files that no committed report owns: left by a crash between the vault write and the database
 * commit (the submission was never acknowledged, so the submitter retries). Files younger than the grace period
 * are left alone, because another hub node may be about to commit them.
 */
@Component
class OrphanJanitor {

    private static final Logger log = LoggerFactory.getLogger(OrphanJanitor.class);

    private static final java.util.regex.Pattern VERSIONED =
            java.util.regex.Pattern.compile("[0-9a-f-]{36}\\.v([0-9]{1,9})\\.p7m");

    private final Vault vault;
    private final JdbcTemplate jdbc;
    private final Duration grace;
    private final Leadership leadership;

    OrphanJanitor(Vault vault, JdbcTemplate jdbc, IngestProperties properties, Leadership leadership) {
        this.leadership = leadership;
        this.vault = vault;
        this.jdbc = jdbc;
        this.grace = properties.vault().orphanGrace();
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        sweep(); // every instance once at start: what its own crash left (the grace spares others' uploads in flight)
    }

    /** Afterwards on the leader instance only: the vault folder is shared by all instances. */
    @Scheduled(fixedDelayString = "${verbund.vault.orphan-sweep-ms:600000}", initialDelayString = "${verbund.vault.orphan-sweep-ms:600000}")
    void sweepOnLeader() {
        if (leadership.isLeader()) {
            sweep();
        }
    }

    int sweep() {
        Instant cutoff = Instant.now().minus(grace);
        int removed = 0;
        for (var entry : vault.files()) {
            Path file = entry.getKey();
            if (entry.getValue().toInstant().isAfter(cutoff)) {
                continue;
            }
            String name = file.getFileName().toString();
            String idText = name.length() >= 36 ? name.substring(0, 36) : "";
            boolean owned;
            try {
                UUID id = UUID.fromString(idText);
                java.util.regex.Matcher versioned = VERSIONED.matcher(name);
                if (versioned.matches()) {
                    // a later version's own file: owned while a row names it (crash before the commit: orphan)
                    String location = "version:" + versioned.group(1);
                    owned = Boolean.TRUE.equals(jdbc.queryForObject("""
                            SELECT EXISTS (SELECT 1 FROM report WHERE id = ? AND erased_at IS NULL AND vault_location = ?)
                                OR EXISTS (SELECT 1 FROM report_version WHERE report_id = ? AND vault_location = ?)""",
                            Boolean.class, id, location, id, location));
                } else {
                    owned = Boolean.TRUE.equals(jdbc.queryForObject(
                            "SELECT EXISTS (SELECT 1 FROM report WHERE id = ? AND erased_at IS NULL)", Boolean.class, id))
                            && name.equals(idText + ".p7m");
                }
            } catch (IllegalArgumentException e) {
                owned = false;
            }
            if (!owned) {
                try {
                    Files.deleteIfExists(file);
                    removed++;
                    log.info("removed orphaned vault file {}", name);
                } catch (IOException e) {
                    log.warn("could not remove orphaned vault file {}: {}", name, e.toString());
                }
            }
        }
        return removed;
    }
}
