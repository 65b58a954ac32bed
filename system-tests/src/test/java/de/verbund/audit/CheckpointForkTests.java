package de.verbund.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import de.verbund.auditverify.Verify;
import de.verbund.cluster.Leadership;
import de.verbund.system.HubClient;
import de.verbund.system.HubTest;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail never forks across instances: the old leader dies (its database session ends) after it signed a
 * checkpoint and before that checkpoint committed, while the new leader already waits to checkpoint the same records.
 * Only one checkpoint of each size is ever stored, the dead leader's signature never leaves its transaction, and the
 * exported trail verifies offline with consistency between every pair of checkpoints.
 */
@HubTest
class CheckpointForkTests {

    @LocalServerPort
    int port;

    @Autowired
    Checkpointer hubCheckpointer;

    @Autowired
    AuditKeys keys;

    @Autowired
    AuditProperties properties;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    /** Transactions that stop just before their commit until the test lets them go on. */
    static final class PausingTransactions extends JdbcTransactionManager {
        final CountDownLatch atCommit = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);

        PausingTransactions(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            atCommit.countDown();
            try {
                proceed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.doCommit(status);
        }
    }

    @Test
    void leaderDiesBetweenSigningAndCommitThenOnlyTheNewLeadersCheckpointExistsAndTheTrailVerifies() throws Exception {
        HubClient hub = new HubClient(port);
        HikariDataSource hubPool = (HikariDataSource) dataSource;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (HikariDataSource oldLeadersPool = new HikariDataSource()) {
            oldLeadersPool.setJdbcUrl(hubPool.getJdbcUrl());
            oldLeadersPool.setUsername(hubPool.getUsername());
            oldLeadersPool.setPassword(hubPool.getPassword());
            oldLeadersPool.setMaximumPoolSize(2);
            boolean diedAfterSigning = false;
            // the running hub's own tick may append the new records first (every 500 ms); then the old leader has
            // nothing to sign, and the attempt is repeated with new records
            for (int attempt = 0; attempt < 5 && !diedAfterSigning; attempt++) {
                diedAfterSigning = dieAfterSigning(hub, oldLeadersPool, threads);
            }
            assertThat(diedAfterSigning).as("the old leader died holding a signed, uncommitted checkpoint").isTrue();
        } finally {
            threads.shutdownNow();
        }

        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM (SELECT tree_size FROM audit_checkpoint GROUP BY tree_size HAVING count(*) > 1) d""",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_leaf", Long.class))
                .as("no leaf of the old leader survived: positions are dense").isEqualTo(
                        jdbc.queryForObject("SELECT coalesce(max(position) + 1, 0) FROM audit_leaf", Long.class));
        Path export = Files.createTempFile("audit-fork-", ".jsonl");
        Files.writeString(export, hub.get(Tokens.of("oversight-bfdi"), "/api/v1/audit/export").body());
        List<String> recent = jdbc.queryForList(
                "SELECT note FROM (SELECT note, tree_size FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 5) c ORDER BY tree_size",
                String.class);
        Verify.Result result = Verify.verify(export, keys.verifierKey(), recent, System.out);
        assertThat(result.ok()).as(result.summary()).isTrue();
    }

    /**
     * New audit records; the old leader checkpoints them and stops before its commit; the new leader starts its own
     * checkpoint and waits; the old leader's session is terminated. Returns whether the old leader had inserted a
     * checkpoint (it holds a row lock on the table) when it died.
     */
    private boolean dieAfterSigning(HubClient hub, HikariDataSource oldLeadersPool, ExecutorService threads)
            throws Exception {
        PausingTransactions oldLeadersTransactions = new PausingTransactions(oldLeadersPool);
        try (Leadership contender = new Leadership(oldLeadersPool, 60_000, null)) {
            Checkpointer oldLeader = new Checkpointer(new JdbcTemplate(oldLeadersPool),
                    new TransactionTemplate(oldLeadersTransactions), keys, properties, contender);
            hub.search(Tokens.of("analyst-bka"), Map.of("query", "Gabelung", "purpose", "p", "caseReference", "c"));
            long before = latestSize();
            Future<Long> dying = threads.submit(() -> oldLeader.appendAndMaybeCheckpoint(true));
            assertThat(oldLeadersTransactions.atCommit.await(30, TimeUnit.SECONDS)).as("old leader at its commit").isTrue();
            Integer oldSession = checkpointLockHolder();
            assertThat(oldSession).isNotNull();
            boolean signed = Boolean.TRUE.equals(jdbc.queryForObject("""
                    SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = ? AND relation = 'audit_checkpoint'::regclass
                                     AND mode = 'RowExclusiveLock')""", Boolean.class, oldSession));

            // the new leader starts its checkpoint now and waits for the lock the old one holds
            Future<Long> taking = threads.submit(() -> hubCheckpointer.appendAndMaybeCheckpoint(true));
            Thread.sleep(300);
            assertThat(taking.isDone()).as("the new leader waits for the old one's transaction").isFalse();

            assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, oldSession)).isTrue();
            oldLeadersTransactions.proceed.countDown();
            assertThatThrownBy(() -> dying.get(30, TimeUnit.SECONDS)).as("the old leader's commit failed");
            long newSize = taking.get(30, TimeUnit.SECONDS);
            if (signed) {
                assertThat(newSize).as("the new leader checkpointed the same records").isGreaterThan(before);
                assertThat(latestSize()).isEqualTo(newSize);
            }
            return signed;
        }
    }

    private long latestSize() {
        return jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM audit_checkpoint", Long.class);
    }

    private Integer checkpointLockHolder() {
        return jdbc.queryForList("""
                SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = ?""", Integer.class, Checkpointer.LOCK)
                .stream().findFirst().orElse(null);
    }
}
