package de.verbund.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import de.verbund.cluster.CrashPoints;
import de.verbund.cluster.Leadership;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends committed audit records to the Merkle tree in the order it finds them and signs a checkpoint every
 * {@code checkpoint-seconds} or {@code checkpoint-records}. The scheduled tick runs on the leader instance only
 * ({@link Leadership}); every run, scheduled or forced, also holds a PostgreSQL transaction lock, and a checkpoint is
 * stored in the same transaction that computed it ({@code tree_size} is its primary key). So two instances never
 * sign two different checkpoints of the same size, not even when the leader changes in the middle of one: the old
 * leader's transaction either committed before the lock passed on or rolled back with its session (docs/adr/0017).
 */
@Component
public class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** The transaction lock every checkpoint run holds (tests find its holder in {@code pg_locks}). */
    static final long LOCK = 0x7665726275_6E64L;
    /**
     * How often the whole trail is searched for records without a leaf besides the first run: a net for records
     * without a transaction id (see below), which the hub never writes. It costs seconds of PostgreSQL on a large trail.
     */
    private static final Duration FULL_SWEEP = Duration.ofHours(1);
    /** The most records one run adds to the tree; the rest follow in the next. */
    private static final int MAX_LEAVES = 50_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditKeys keys;
    private final Leadership leadership;
    private final Duration every;
    private final long everyRecords;
    private volatile Instant lastFullSweep = Instant.EPOCH;
    /**
     * The oldest transaction that was still running when the last complete run looked (V19), as text of an
     * {@code xid8}; {@code null} until this instance has run once. Records not found then belong to it or newer ones.
     */
    private volatile @Nullable String horizon;

    Checkpointer(JdbcTemplate jdbc, TransactionTemplate tx, AuditKeys keys, AuditProperties properties,
            Leadership leadership) {
        this.leadership = leadership;
        this.jdbc = jdbc;
        this.tx = tx;
        this.keys = keys;
        this.every = Duration.ofSeconds(properties.checkpointSeconds());
        this.everyRecords = properties.checkpointRecords();
    }

    @Scheduled(fixedDelayString = "${verbund.audit.append-ms:500}")
    void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            appendAndMaybeCheckpoint(false);
        } catch (RuntimeException e) {
            log.warn("audit checkpointing deferred: {}", e.toString());
        }
    }

    /**
     * Appends all pending records; signs a checkpoint when due, or always when {@code force}. The scheduled tick
     * skips when another node (or tick) holds the lock; a forced call waits for it, so that when it returns every
     * record committed before the call has its leaf.
     *
     * @return tree size, or -1 when a scheduled tick skipped
     */
    public long appendAndMaybeCheckpoint(boolean force) {
        Run run = tx.execute(status -> {
            if (force) {
                jdbc.query("SELECT pg_advisory_xact_lock(?)", (org.springframework.jdbc.core.RowCallbackHandler) rs -> { },
                        LOCK);
            } else if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
                return null;
            }
            Map<Integer, byte[]> frontier = new TreeMap<>();
            jdbc.query("SELECT level, hash FROM audit_frontier", rs -> {
                frontier.put(rs.getInt(1), rs.getBytes(2));
            });
            long next = jdbc.queryForObject("SELECT coalesce(max(position) + 1, 0) FROM audit_leaf", Long.class);
            // A record without a leaf was either invisible at the last complete run, so its transaction was running
            // then and is no older than the horizon noted before that run looked, or it is newer. Only the records of
            // those transactions are searched (V19), however late one commits. The whole trail is searched on the
            // first run of this instance and then every FULL_SWEEP, a net for records without a transaction id.
            String now = jdbc.queryForObject("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", String.class);
            // planned for the horizon at hand: a generic plan guesses a third of the trail newer than any horizon
            // and walks the whole trail in seq order instead of the few newest transactions' records (seconds)
            jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            String since = horizon;
            boolean sweep = since == null || Duration.between(lastFullSweep, Instant.now()).compareTo(FULL_SWEEP) >= 0;
            RowMapper<Object[]> leafless = (rs, n) -> new Object[] {rs.getLong("seq"),
                    rs.getObject("id"), rs.getString("canonical") != null ? rs.getString("canonical") : Canonical.ofRow(rs)};
            List<Object[]> pending = sweep
                    ? jdbc.query("""
                            SELECT e.* FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_leaf l WHERE l.seq = e.seq)
                            ORDER BY e.seq LIMIT ?""", leafless, MAX_LEAVES)
                    : jdbc.query("""
                            SELECT e.* FROM audit_event e
                            WHERE e.xid >= ?::xid8 AND NOT EXISTS (SELECT 1 FROM audit_leaf l WHERE l.seq = e.seq)
                            ORDER BY e.seq LIMIT ?""", leafless, since, MAX_LEAVES);
            Map<Integer, byte[]> edge = frontier;
            List<Object[]> leaves = new java.util.ArrayList<>(pending.size());
            for (Object[] row : pending) {
                byte[] leaf = Merkle.leafHash(((String) row[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                edge = Merkle.append(edge, leaf);
                leaves.add(new Object[] {next++, row[0], row[1], leaf});
            }
            if (!leaves.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO audit_leaf (position, seq, event_id, leaf_hash) VALUES (?,?,?,?)", leaves);
                jdbc.update("DELETE FROM audit_frontier");
                jdbc.batchUpdate("INSERT INTO audit_frontier (level, hash) VALUES (?,?)",
                        edge.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toList());
            }
            long treeSize = next;
            Map<String, Object> last = jdbc.queryForList(
                    "SELECT tree_size, created_at FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1").stream()
                    .findFirst().orElse(null);
            long lastSize = last == null ? 0 : (Long) last.get("tree_size");
            Instant lastAt = last == null ? Instant.EPOCH : ((Timestamp) last.get("created_at")).toInstant();
            boolean due = treeSize > lastSize && (force || treeSize - lastSize >= everyRecords
                    || Duration.between(lastAt, Instant.now()).compareTo(every) >= 0);
            if (due) {
                byte[] root = Merkle.rootOf(edge);
                String note = keys.sign(SignedNote.body(keys.origin(), treeSize, root));
                jdbc.update("INSERT INTO audit_checkpoint (tree_size, root_hash, note) VALUES (?,?,?)", treeSize, root, note);
                CrashPoints.reached(CrashPoints.AFTER_CHECKPOINT_SIGNED);
            }
            // a run cut short keeps the old horizon: the rest is found next time
            return new Run(treeSize, pending.size() < MAX_LEAVES ? now : null, sweep);
        });
        if (run == null) {
            return -1;
        }
        if (run.horizon() != null) { // only once the leaves are committed
            horizon = run.horizon();
            if (run.swept()) {
                lastFullSweep = Instant.now();
            }
        }
        return run.treeSize();
    }

    /** What a run that held the lock did: the tree's size, the horizon it may pass on, whether it searched it all. */
    private record Run(long treeSize, @Nullable String horizon, boolean swept) {
    }
}
