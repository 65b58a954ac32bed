package de.verbund.ingest.lifecycle;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.cluster.CrashPoints;
import de.verbund.ingest.crypto.Kek;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.Vault;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotation of an authority's key-encryption key (lifecycle issue; docs/adr/0015): an admin starts it, the new version
 * wraps new originals at once, and the data keys of every stored original of the authority are re-wrapped under it
 * in the background ({@link Vault#rewrap}: a new CMS header, content and data key unchanged), in batches of
 * {@value #BATCH} in report-id order with the rows locked ({@code SKIP LOCKED}: several hub instances share the work);
 * the progress row ({@code key_rotation}) counts what is done, so a crash resumes where it stopped. When no live
 * original is wrapped under an older version any more, an admin destroys the older versions in the token: a vault
 * backup from before then opens no more — which is how an erasure reaches old vault backups.
 */
@Service
public class KeyRotations {

    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(KeyRotations.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final KeyEncryptionKeys keys;
    private final Vault vault;

    KeyRotations(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, KeyEncryptionKeys keys, Vault vault) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.keys = keys;
        this.vault = vault;
    }

    /**
     * One rotation and its progress; {@code olderVersionsInUse} counts the live originals still wrapped under an
     * older version (0 when the older versions may be destroyed).
     */
    public record Rotation(String authority, int toVersion, long total, long rewrapped, String startedAt, String startedBy,
                           @Nullable String finishedAt, long olderVersionsInUse) {}

    /** Starts a rotation: a new key version, current at once; the re-wrapping follows in the background. */
    public Rotation start(Subject admin, String authority) {
        requireAdmin(admin, AuditAction.KEY_ROTATION);
        Authority police = police(admin, authority, AuditAction.KEY_ROTATION);
        if (open(police.code()).isPresent()) {
            audit.record(AuditEvent.by(admin, AuditAction.KEY_ROTATION).recipient(police.code()).rule("ROTATION_RUNNING")
                    .outcome(AuditOutcome.REJECTED));
            throw new LifecycleRejected(de.verbund.problem.ProblemType.ALREADY_DECIDED,
                    "A rotation of this authority's key is still running.");
        }
        Kek next = keys.rotate(police);
        jdbc.update("INSERT INTO key_rotation (authority, to_version, total, started_by) VALUES (?, ?, ?, ?)",
                police.code(), next.version(), olderInUse(police.code(), next.version()), admin.userName());
        audit.record(AuditEvent.by(admin, AuditAction.KEY_ROTATION).recipient(police.code()).rule(Role.ADMIN.claim())
                .detail("to " + next.id()).outcome(AuditOutcome.OK));
        log.info("key-encryption key of {} rotated to version {}; re-wrapping starts", police, next.version());
        return rotations(police.code()).getFirst();
    }

    /**
     * The rotations still running, with their progress: counts only, for the admins' health page (the API's
     * {@link #list} is the audited, complete view).
     */
    public List<Rotation> running() {
        return rotations(null).stream().filter(r -> r.finishedAt() == null).toList();
    }

    /** Every rotation, newest first, with its progress. */
    public List<Rotation> list(Subject admin) {
        requireAdmin(admin, AuditAction.KEY_ROTATION_LIST);
        List<Rotation> rotations = rotations(null);
        audit.record(AuditEvent.by(admin, AuditAction.KEY_ROTATION_LIST).rule(Role.ADMIN.claim()).outcome(AuditOutcome.OK));
        return rotations;
    }

    /**
     * Destroys the versions older than the current one of a finished rotation. Refused (409) while a live original
     * is still wrapped under one of them.
     */
    public Rotation destroyOlderVersions(Subject admin, String authority) {
        requireAdmin(admin, AuditAction.KEY_DESTRUCTION);
        Authority police = police(admin, authority, AuditAction.KEY_DESTRUCTION);
        int current = keys.latestVersion(police.code());
        long inUse = olderInUse(police.code(), current);
        if (inUse > 0 || open(police.code()).isPresent()) {
            audit.record(AuditEvent.by(admin, AuditAction.KEY_DESTRUCTION).recipient(police.code()).rule("OLDER_KEY_IN_USE")
                    .detail("in use: " + inUse).outcome(AuditOutcome.REJECTED));
            throw new LifecycleRejected(de.verbund.problem.ProblemType.ALREADY_DECIDED, inUse
                    + " originals are still wrapped under an older version; wait until the rotation has finished.");
        }
        int destroyed = 0;
        for (int version = 1; version < current; version++) {
            if (keys.version(police.code(), version).isPresent()) {
                keys.destroy(police.code(), version);
                destroyed++;
            }
        }
        audit.record(AuditEvent.by(admin, AuditAction.KEY_DESTRUCTION).recipient(police.code()).rule(Role.ADMIN.claim())
                .detail("destroyed " + destroyed + " versions below v" + current).outcome(AuditOutcome.OK));
        log.info("destroyed {} older key version(s) of {}", destroyed, police);
        return rotations(police.code()).stream().findFirst().orElseThrow(() -> new LifecycleRejected(
                de.verbund.problem.ProblemType.NOT_FOUND, "No rotation of this authority's key."));
    }

    /** Re-wraps the data keys of every running rotation, batch by batch; returns how many it re-wrapped. */
    @Scheduled(fixedDelayString = "${verbund.lifecycle.rotation-sweep-ms:5000}",
            initialDelayString = "${verbund.lifecycle.rotation-initial-ms:5000}")
    public long resume() {
        long done = 0;
        for (String authority : jdbc.queryForList("SELECT authority FROM key_rotation WHERE finished_at IS NULL",
                String.class)) {
            Kek current = keys.current(new Authority(authority));
            while (true) {
                Long n = tx.execute(status -> batch(authority, current));
                if (n == null || n < 0) {
                    break;
                }
                done += n;
            }
        }
        return done;
    }

    /** One batch; -1 when nothing of the authority is left under an older version (the rotation is finished). */
    private long batch(String authority, Kek current) {
        record Row(UUID id, @Nullable String location) {}
        List<Row> rows = jdbc.query("""
                SELECT id, vault_location FROM report WHERE originator = ? AND erased_at IS NULL AND kek_id <> ?
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""", (rs, n) -> new Row(rs.getObject(1, UUID.class),
                rs.getString(2)), authority, current.id(), BATCH);
        if (rows.isEmpty()) {
            long versions = earlierVersions(authority, current);
            if (versions > 0) {
                return versions;
            }
            // rows another hub holds locked (SKIP LOCKED passed them) still count: finished only when none is left
            int finished = olderInUse(authority, current.version()) > 0 ? 0 : jdbc.update(
                    "UPDATE key_rotation SET finished_at = now() WHERE authority = ? AND finished_at IS NULL", authority);
            if (finished > 0) {
                log.info("re-wrapping of {}'s data keys under {} finished", authority, current.id());
            }
            return -1;
        }
        List<String> discard = new java.util.ArrayList<>();
        long count = 0;
        for (Row row : rows) {
            Optional<Vault.Rewrapped> rewrapped = vault.rewrap(new ReportId(row.id()), row.location(), current);
            if (rewrapped.isEmpty()) {
                log.warn("report {} has no original in the vault; its key cannot be re-wrapped", row.id());
                jdbc.update("UPDATE report SET kek_id = ? WHERE id = ?", current.id(), row.id());
                continue;
            }
            de.verbund.cluster.CrashPoints.reached(de.verbund.cluster.CrashPoints.AFTER_REWRAP);
            jdbc.update("UPDATE report SET kek_id = ?, vault_location = ? WHERE id = ?", rewrapped.get().kekId(),
                    rewrapped.get().location(), row.id());
            if (row.location() != null && !row.location().equals(rewrapped.get().location())) {
                discard.add(row.location());
            }
            count++;
        }
        jdbc.update("UPDATE key_rotation SET rewrapped = rewrapped + ? WHERE authority = ? AND finished_at IS NULL",
                count, authority);
        // after the commit the old regions go (a crash before leaves an old copy that only the old version opens,
        // and compaction reclaims it)
        afterCommit(discard);
        return count;
    }

    /** One batch of earlier versions (lifecycle: each has its own original and data key); how many it re-wrapped. */
    private long earlierVersions(String authority, Kek current) {
        record Row(UUID id, int version, @Nullable String location) {}
        List<Row> rows = jdbc.query("""
                SELECT v.report_id, v.version, v.vault_location FROM report_version v JOIN report r ON r.id = v.report_id
                WHERE r.originator = ? AND r.erased_at IS NULL AND v.kek_id <> ?
                ORDER BY v.report_id, v.version LIMIT ? FOR UPDATE OF v SKIP LOCKED""",
                (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)), authority, current.id(), BATCH);
        List<String> discard = new java.util.ArrayList<>();
        for (Row row : rows) {
            Optional<Vault.Rewrapped> rewrapped = vault.rewrap(new ReportId(row.id()), row.location(), current);
            jdbc.update("UPDATE report_version SET kek_id = ?, vault_location = ? WHERE report_id = ? AND version = ?",
                    current.id(), rewrapped.map(Vault.Rewrapped::location).orElse(row.location()), row.id(), row.version());
            if (rewrapped.isPresent() && row.location() != null && !row.location().equals(rewrapped.get().location())) {
                discard.add(row.location());
            }
        }
        jdbc.update("UPDATE key_rotation SET rewrapped = rewrapped + ? WHERE authority = ? AND finished_at IS NULL",
                rows.size(), authority);
        afterCommit(discard);
        return rows.size();
    }

    private void afterCommit(List<String> discard) {
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        discard.forEach(vault::discardRegion);
                    }
                });
    }

    private Optional<Long> open(String authority) {
        return jdbc.queryForList("SELECT id FROM key_rotation WHERE authority = ? AND finished_at IS NULL", Long.class,
                authority).stream().findFirst();
    }

    /** Live originals and earlier versions of the authority still wrapped under a version other than {@code current}. */
    private long olderInUse(String authority, int current) {
        String id = "verbund:kek:" + authority + ":v" + current;
        Long n = jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM report WHERE originator = ? AND erased_at IS NULL AND kek_id <> ?)
                     + (SELECT count(*) FROM report_version v JOIN report r ON r.id = v.report_id
                        WHERE r.originator = ? AND r.erased_at IS NULL AND v.kek_id <> ?)""",
                Long.class, authority, id, authority, id);
        return n == null ? 0 : n;
    }

    private List<Rotation> rotations(@Nullable String authority) {
        return jdbc.query("""
                SELECT authority, to_version, total, rewrapped, started_at, started_by, finished_at FROM key_rotation
                WHERE ?::text IS NULL OR authority = ? ORDER BY started_at DESC, id DESC LIMIT 200""",
                (rs, n) -> {
                    String a = rs.getString(1);
                    Timestamp finished = rs.getTimestamp(7);
                    return new Rotation(a, rs.getInt(2), rs.getLong(3), rs.getLong(4),
                            rs.getTimestamp(5).toInstant().toString(), rs.getString(6),
                            finished == null ? null : finished.toInstant().toString(),
                            olderInUse(a, keys.latestVersion(a)));
                }, authority, authority);
    }

    private void requireAdmin(Subject subject, AuditAction action) {
        if (!subject.has(Role.ADMIN)) {
            audit.record(AuditEvent.by(subject, action).rule(Role.ADMIN.claim()).outcome(AuditOutcome.DENIED));
            throw new LifecycleRejected(de.verbund.problem.ProblemType.FORBIDDEN, "Only admins rotate keys.");
        }
    }

    private Authority police(Subject admin, String authority, AuditAction action) {
        if (!Authority.policeCodes().contains(authority)) {
            audit.record(AuditEvent.by(admin, action).rule("UNKNOWN_AUTHORITY").outcome(AuditOutcome.NOT_FOUND));
            throw new LifecycleRejected(de.verbund.problem.ProblemType.NOT_FOUND, "No police authority with this code.");
        }
        return new Authority(authority);
    }
}
