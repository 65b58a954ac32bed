package de.verbund.ingest.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.cluster.Leadership;
import de.verbund.ingest.IngestProperties;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.crypto.VaultPack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reclaims the vault space of erased originals (lifecycle issue): a closed pack whose live originals fill less than
 * {@code verbund.lifecycle.compact-below} of it is rewritten — its live originals are copied unchanged (each still its
 * own CMS with its wrapped data key) into the current pack, their rows point there, and the old pack is deleted.
 * Erasure has already overwritten an erased original's region with zeros (crypto-shredding in place); compaction
 * returns the space. The rows of the pack are locked while it is copied, so an erasure of one of them waits and then
 * destroys the new copy. A crash before the commit leaves unreferenced copies (reclaimed with their pack later);
 * after it, an unreferenced old pack, which the next run deletes.
 */
@Service
public class PackCompaction {

    private static final Logger log = LoggerFactory.getLogger(PackCompaction.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Vault vault;
    private final IngestProperties properties;
    private final Leadership leadership;

    PackCompaction(JdbcTemplate jdbc, TransactionTemplate tx, Vault vault, IngestProperties properties,
            Leadership leadership) {
        this.leadership = leadership;
        this.jdbc = jdbc;
        this.tx = tx;
        this.vault = vault;
        this.properties = properties;
    }

    /** What one run did. */
    public record Compacted(int packs, long bytesBefore, long bytesAfter) {}

    /** The schedule: on the leader instance only, so that two instances never copy the same pack. */
    @Scheduled(fixedDelayString = "${verbund.lifecycle.compaction-sweep-ms:3600000}",
            initialDelayString = "${verbund.lifecycle.compaction-initial-ms:300000}")
    void compactOnLeader() {
        if (leadership.isLeader()) {
            compactClosedPacks();
        }
    }

    public Compacted compactClosedPacks() {
        return compact(properties.lifecycle().compactionQuiet().toMillis(), properties.lifecycle().compactBelow());
    }

    /**
     * An admin's "reclaim now" (after a large erasure): closes this node's current pack, then compacts as the
     * schedule does (packs written within {@code verbund.lifecycle.compaction-quiet} stay untouched).
     */
    public Compacted compactNow(Subject admin) {
        if (!admin.has(Role.ADMIN)) {
            throw new LifecycleRejected(de.verbund.problem.ProblemType.FORBIDDEN, "Only admins compact the vault.");
        }
        vault.packs().rollOver();
        Compacted done = compactClosedPacks();
        log.info("vault compaction by {}: {} packs, {} -> {} bytes", admin.userName(), done.packs(), done.bytesBefore(),
                done.bytesAfter());
        return done;
    }

    /**
     * Compacts every closed pack, quiet for {@code quietMillis}, whose live share is below {@code below}.
     * Several hub instances may run it at once: a pack's rows are locked, and a pack already deleted is skipped.
     */
    public Compacted compact(long quietMillis, double below) {
        int packs = 0;
        long before = 0;
        long after = 0;
        for (VaultPack.PackFile pack : vault.packs().closedPacks(System.currentTimeMillis(), quietMillis)) {
            long live = liveBytes(pack.name());
            if (live >= below * pack.bytes()) {
                continue;
            }
            Long copied = tx.execute(status -> rewrite(pack.name()));
            vault.packs().delete(pack.name());
            packs++;
            before += pack.bytes();
            after += copied == null ? 0 : copied;
        }
        if (packs > 0) {
            log.info("compacted {} vault packs: {} bytes -> {} bytes", packs, before, after);
        }
        return new Compacted(packs, before, after);
    }

    private long liveBytes(String pack) {
        Long bytes = jdbc.queryForObject("""
                SELECT coalesce(sum(split_part(vault_location, ':', 4)::bigint), 0) FROM (
                    SELECT vault_location FROM report WHERE vault_location LIKE ? AND erased_at IS NULL
                    UNION ALL
                    SELECT v.vault_location FROM report_version v JOIN report r ON r.id = v.report_id
                    WHERE v.vault_location LIKE ? AND r.erased_at IS NULL) live""", Long.class, prefix(pack), prefix(pack));
        return bytes == null ? 0 : bytes;
    }

    /** In one transaction: copies the live originals, points their rows to the copies, unlinks erased rows. */
    private long rewrite(String pack) {
        record Row(UUID id, String location, boolean erased) {}
        List<Row> rows = jdbc.query("""
                SELECT id, vault_location, erased_at IS NOT NULL FROM report WHERE vault_location LIKE ?
                ORDER BY id FOR UPDATE""", (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)),
                prefix(pack));
        List<Row> live = rows.stream().filter(r -> !r.erased()).toList();
        List<String> copies = live.isEmpty() ? List.of() : vault.packs().copy(live.stream().map(Row::location).toList());
        List<Object[]> moves = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < live.size(); i++) {
            moves.add(new Object[] {copies.get(i), live.get(i).id()});
            bytes += Long.parseLong(copies.get(i).substring(copies.get(i).lastIndexOf(':') + 1));
        }
        jdbc.batchUpdate("UPDATE report SET vault_location = ? WHERE id = ?", moves);
        // an erased original's region goes with the pack: the row no longer points anywhere (nothing to destroy)
        jdbc.batchUpdate("UPDATE report SET vault_location = NULL WHERE id = ?",
                rows.stream().filter(Row::erased).map(r -> new Object[] {r.id()}).toList());
        // earlier versions of live reports whose original lies in the pack move too (their report rows are locked)
        record Earlier(UUID id, int version, String location) {}
        List<Earlier> earlier = jdbc.query("""
                SELECT v.report_id, v.version, v.vault_location FROM report_version v JOIN report r ON r.id = v.report_id
                WHERE v.vault_location LIKE ? AND r.erased_at IS NULL ORDER BY v.report_id, v.version FOR UPDATE OF v""",
                (rs, n) -> new Earlier(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)), prefix(pack));
        if (!earlier.isEmpty()) {
            List<String> moved = vault.packs().copy(earlier.stream().map(Earlier::location).toList());
            List<Object[]> versionMoves = new ArrayList<>();
            for (int i = 0; i < earlier.size(); i++) {
                versionMoves.add(new Object[] {moved.get(i), earlier.get(i).id(), earlier.get(i).version()});
                bytes += Long.parseLong(moved.get(i).substring(moved.get(i).lastIndexOf(':') + 1));
            }
            jdbc.batchUpdate("UPDATE report_version SET vault_location = ? WHERE report_id = ? AND version = ?", versionMoves);
        }
        return bytes;
    }

    private static String prefix(String pack) {
        return "pack:" + pack.replace("_", "\\_").replace("%", "\\%") + ":%";
    }
}
