package de.verbund.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends audit records to PostgreSQL with group commit: callers block in {@link #record} until the batch holding
 * their record is committed (durable before the answer leaves), and get {@link AuditWriteFailed} otherwise, so the
 * request fails. One writer thread per hub node gathers up to {@code batch} records per transaction; several nodes
 * write side by side, because the position in the Merkle tree is assigned later by the {@link Checkpointer}.
 * The application's database role may only INSERT and SELECT; a trigger refuses UPDATE and DELETE.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private record Pending(UUID id, Instant at, AuditEvent event, String canonical, CompletableFuture<Void> done) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final int batch;
    private final long timeoutMs;
    private final Thread writer;
    private volatile boolean running = true;
    /** Commit latency of each batch and refused writes, for the operators' alerts (null outside Spring). */
    private io.micrometer.core.instrument.@org.jspecify.annotations.Nullable Timer commits;
    private io.micrometer.core.instrument.@org.jspecify.annotations.Nullable Counter failures;

    @org.springframework.beans.factory.annotation.Autowired
    AuditTrail(JdbcTemplate jdbc, TransactionTemplate tx, AuditProperties properties,
               org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        this(jdbc, tx, properties.batch(), properties.writeTimeout().toMillis());
        io.micrometer.core.instrument.MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            commits = io.micrometer.core.instrument.Timer.builder("verbund.audit.commit")
                    .description("time to commit one batch of audit records").publishPercentileHistogram()
                    .register(registry);
            failures = io.micrometer.core.instrument.Counter.builder("verbund.audit.write.failures")
                    .description("audit records that could not be written (their requests failed)").register(registry);
            io.micrometer.core.instrument.Gauge.builder("verbund.audit.queue", queue, BlockingQueue::size)
                    .description("audit records waiting for their commit").register(registry);
        }
    }

    private AuditTrail(JdbcTemplate jdbc, TransactionTemplate tx, int batch, long timeoutMs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.batch = batch;
        this.timeoutMs = timeoutMs;
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeLoop);
    }

    /** An audit trail outside Spring, for the benchmark. */
    public static AuditTrail standalone(javax.sql.DataSource dataSource, int batch) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
        return new AuditTrail(jdbc, tx, batch, 10_000);
    }

    /** Stops the writer after the queue is drained. */
    public void shutdown() throws InterruptedException {
        close();
    }

    /** Writes several records durably before returning (one wait for all, e.g. a batch submission). */
    public void recordAll(List<AuditEvent> events) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            futures.add(enqueue(event).done());
        }
        await(CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])));
    }

    /** Writes the record durably before returning. */
    public UUID record(AuditEvent event) {
        Pending pending = enqueue(event);
        await(pending.done());
        return pending.id();
    }

    private Pending enqueue(AuditEvent event) {
        UUID id = UUID.randomUUID();
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Pending pending = new Pending(id, at, event, Canonical.of(id, at, event), new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw new AuditWriteFailed(new IllegalStateException("audit queue full or closed"));
        }
        return pending;
    }

    /** Waits for the commit of the records behind {@code done}; a failure or time-out fails the request. */
    private void await(CompletableFuture<Void> done) {
        try {
            done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuditWriteFailed(e.getCause());
        } catch (TimeoutException e) {
            throw new AuditWriteFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditWriteFailed(e);
        }
    }

    private void writeLoop() {
        List<Pending> chunk = new ArrayList<>(batch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                chunk.add(first);
                queue.drainTo(chunk, batch - 1);
                long started = System.nanoTime();
                write(chunk);
                if (commits != null) {
                    commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
                chunk.forEach(p -> p.done().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                // the database is unreachable or busy: every record of the batch fails, at once
                log.error("audit batch of {} could not be written: {}", chunk.size(), e.getClass().getSimpleName());
                if (failures != null) {
                    failures.increment(chunk.size());
                }
                chunk.forEach(p -> p.done().completeExceptionally(e));
            } catch (RuntimeException e) {
                // one record the database refuses must not fail the requests of the others in its batch
                writeOneByOne(chunk);
            } finally {
                chunk.clear();
            }
        }
    }

    /** Writes each record of a refused batch on its own; only the records refused again fail their requests. */
    private void writeOneByOne(List<Pending> chunk) {
        int refused = 0;
        for (Pending p : chunk) {
            try {
                write(List.of(p));
                p.done().complete(null);
            } catch (RuntimeException e) {
                refused++;
                if (failures != null) {
                    failures.increment();
                }
                p.done().completeExceptionally(e);
            }
        }
        log.error("audit batch of {} refused; written one by one, {} record(s) refused", chunk.size(), refused);
    }

    private static final String INSERT = """
            INSERT INTO audit_event (id, at, actor_id, actor_name, actor_authority, actor_roles, action,
              purpose, case_reference, reports, recipient, outcome, rule, detail, canonical)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""";

    /**
     * Writes the records in one transaction. A lone record (one client, an idle hub) is one statement in auto-commit:
     * as atomic and durable as the transaction, without its two extra round trips (BEGIN is sent with the statement,
     * COMMIT is its own), which are most of a lone search's wait for its record.
     */
    private void write(List<Pending> chunk) {
        if (chunk.size() == 1) {
            jdbc.update(INSERT, ps -> bind(ps, chunk.getFirst()));
            return;
        }
        tx.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, chunk, chunk.size(), AuditTrail::bind));
    }

    private static void bind(PreparedStatement ps, Pending p) throws SQLException {
        AuditEvent event = p.event();
        int i = 1;
        ps.setObject(i++, p.id());
        ps.setTimestamp(i++, Timestamp.from(p.at()));
        ps.setString(i++, event.actorId());
        ps.setString(i++, event.actorName());
        ps.setString(i++, event.actorAuthority());
        ps.setArray(i++, ps.getConnection().createArrayOf("text", event.actorRoles().toArray()));
        ps.setString(i++, event.action().name());
        ps.setString(i++, event.purpose());
        ps.setString(i++, event.caseReference());
        ps.setArray(i++, ps.getConnection().createArrayOf("text", event.reports().toArray()));
        ps.setString(i++, event.recipient());
        ps.setString(i++, event.outcome().name());
        ps.setString(i++, event.rule());
        ps.setString(i++, event.detail());
        ps.setString(i, p.canonical());
    }

    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        writer.join(5000);
    }
}
