package de.verbund.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader role among the hub instances that share one PostgreSQL database: whoever holds the session-level advisory
 * lock {@value #LOCK} is the leader. The lock lives as long as the leader's database session, so a leader that dies
 * ({@code kill -9}, a lost connection, a failover of the primary) loses it at once, and another instance takes it on
 * its next attempt (every {@code checkMillis}). Jobs that must run once at a time ask {@link #isLeader()} before each
 * run; jobs that share work row by row ({@code SKIP LOCKED}) run everywhere (docs/adr/0017).
 *
 * <p>The role is held on its own connection taken from the pool for the life of the instance. A leader learns of a lost
 * session only at its next check, so for at most {@code checkMillis} two instances may believe they lead: every
 * leader-only job is idempotent, and the audit checkpoint, which must never fork, takes its own transaction lock as
 * well.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    /** The advisory lock key ("verbund-l" in ASCII); the audit checkpoint's transaction lock uses another. */
    static final long LOCK = 0x7665726275_6E644CL;

    private final DataSource dataSource;
    private final ScheduledExecutorService checks;
    private @Nullable Connection session;
    private volatile boolean leader;
    private volatile @Nullable Instant since;

    /**
     * Tries to take the role at once (a single instance is the leader before its first job runs), then every
     * {@code checkMillis}.
     */
    public Leadership(DataSource dataSource, long checkMillis, @Nullable MeterRegistry meters) {
        this.dataSource = dataSource;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "verbund-leadership");
            thread.setDaemon(true);
            return thread;
        });
        check();
        checks.scheduleWithFixedDelay(this::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        if (meters != null) {
            Gauge.builder("verbund.cluster.leader", this, l -> l.isLeader() ? 1 : 0)
                    .description("1 while this instance holds the leader role").register(meters);
        }
    }

    /** Whether this instance holds the role now (as of its last check, at most {@code checkMillis} ago). */
    public boolean isLeader() {
        return leader;
    }

    /** Since when this instance leads, or {@code null}. */
    public @Nullable Instant leaderSince() {
        return since;
    }

    synchronized void check() {
        try {
            if (session == null) {
                session = dataSource.getConnection();
                session.setAutoCommit(true);
            }
            boolean holds = leader ? stillHeld(session) : tryTake(session);
            if (holds != leader) {
                leader = holds;
                since = holds ? Instant.now() : null;
                log.info(holds ? "this instance is now the leader" : "this instance lost the leader role");
            }
        } catch (SQLException | RuntimeException e) {
            if (leader) {
                log.warn("this instance lost the leader role: {}", e.toString());
            }
            leader = false;
            since = null;
            drop();
        }
    }

    private static boolean tryTake(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LOCK);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** Asks the server, not the driver: the session may have ended on the server's side (a failover, a restart). */
    private static boolean stillHeld(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
                  AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = ?""")) {
            s.setQueryTimeout(5);
            s.setLong(1, LOCK);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }

    /** Gives the session back without the lock: unlocked first, so that a pooled connection never carries it on. */
    private void drop() {
        Connection c = session;
        session = null;
        if (c == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            s.setQueryTimeout(2);
            s.execute();
        } catch (SQLException | RuntimeException e) {
            // a broken session holds nothing any more; the pool evicts it on close
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing the leadership session failed: {}", e.toString());
        }
    }

    /** Gives the role up (shutdown): the next instance takes it at its next check instead of after a lost session. */
    @Override
    public synchronized void close() {
        checks.shutdownNow();
        leader = false;
        since = null;
        drop();
    }
}
