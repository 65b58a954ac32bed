package de.verbund.ingest.index;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import de.verbund.access.policy.ReportId;
import de.verbund.cluster.CrashPoints;
import de.verbund.ingest.IngestProperties;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.ingest.submit.StoredReport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the index outbox into Elasticsearch with bulk requests. The document {@code _id} is the report id, so
 * a retry after a crash overwrites instead of duplicating. Each item's outcome is recorded: a failed item stays
 * pending with its error and attempt count (nothing is silently lost, unlike {@code raise_on_error=False}).
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several hub nodes can drain one outbox.
 *
 * <p>Time to searchable: one thread per instance listens on its own connection for {@code NOTIFY index_outbox},
 * which PostgreSQL delivers to every instance when a transaction that added outbox rows commits (migration V18).
 * Woken, it waits until {@code refresh-gap} has passed since its last forced refresh (rows committed meanwhile join
 * the same bulk), and indexes with {@code refresh=true}, so a report is searchable before its row is marked done.
 * Without a notification (listening connection lost, rows backed off) it polls every
 * {@code outbox-poll}.
 *
 * <p>A report is read back from PostgreSQL and the vault to be indexed, except right after this instance committed
 * it: then its document comes from the submission ({@link SubmittedDocuments}), as long as its submission's outbox
 * row is the only change pending for it.
 *
 * <p>Several instances: each batch holds a transaction-scoped advisory lock per report until its rows are marked
 * done, and leaves the rows of a report whose lock another instance holds to a retry moments later. So one report is
 * indexed by one instance at a time, each reading it after it claimed its rows: the document of an older state can
 * never land after the newer one (otherwise a restriction indexed by one instance could be overwritten by the
 * submission another instance was still indexing, and search would follow the old labels).
 */
@Component
public class OutboxIndexer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxIndexer.class);
    private static final int BATCH = 500;
    /** A listening connection without a notification for this long is checked (a broken path sends no error). */
    private static final long CHECK_IDLE_MILLIS = 30_000;
    /** How soon rows left to another instance (it held their report's lock) are tried again. */
    private static final int DEFERRED_RETRY_MILLIS = 50;
    /**
     * The first key of the per-report advisory locks ("ridx" in ASCII); the second is the hash of the report id.
     * Two-key locks never meet the one-key locks of the leader role and the audit checkpoint.
     */
    static final int REPORT_LOCKS = 0x72696478;

    private final ElasticsearchClient client;
    private final ReportIndex index;
    private final ReportStore store;
    private final SubmittedDocuments submitted;
    private final Counter indexedAsSubmitted;
    private final Counter indexedFromStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final DataSource dataSource;
    private final long pollMillis;
    private final long refreshGapNanos;
    private volatile boolean rebuilding;
    private volatile boolean running;
    private @Nullable Thread worker;
    private int batch = BATCH;
    private long lastRefresh = System.nanoTime();
    /** Rows were left to another instance in the last drain: look again soon, not only when notified. */
    private boolean deferred;

    OutboxIndexer(ElasticsearchClient client, ReportIndex index, ReportStore store, SubmittedDocuments submitted,
                  JdbcTemplate jdbc, TransactionTemplate tx, DataSource dataSource, IngestProperties properties,
                  ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
        this.indexedAsSubmitted = Counter.builder("verbund.index.documents").tag("source", "submission")
                .description("documents indexed as this instance submitted them (not read back)").register(registry);
        this.indexedFromStore = Counter.builder("verbund.index.documents").tag("source", "store")
                .description("documents read back from PostgreSQL and the vault to be indexed").register(registry);
        this.client = client;
        this.index = index;
        this.store = store;
        this.submitted = submitted;
        this.jdbc = jdbc;
        this.tx = tx;
        this.dataSource = dataSource;
        this.pollMillis = properties.index().outboxPoll().toMillis();
        this.refreshGapNanos = properties.index().refreshGap().toNanos();
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("verbund-outbox").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Waits for a notification (or the poll interval), then drains; reconnects the listener when it breaks. */
    private void run() {
        @Nullable Connection listening = null;
        boolean lost = false;
        long lastHeard = System.currentTimeMillis();
        while (running) {
            try {
                if (listening == null) {
                    listening = listen();
                    lastHeard = System.currentTimeMillis();
                    if (lost) {
                        log.info("outbox notifications heard again");
                        lost = false;
                    }
                }
                PGNotification[] heard = listening.unwrap(PGConnection.class)
                        .getNotifications((int) (deferred ? Math.min(DEFERRED_RETRY_MILLIS, pollMillis) : pollMillis));
                if (heard != null && heard.length > 0) {
                    lastHeard = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastHeard > CHECK_IDLE_MILLIS) {
                    lastHeard = System.currentTimeMillis();
                    if (!listening.isValid(2)) {
                        throw new SQLException("listening connection no longer valid", "08006");
                    }
                }
            } catch (SQLException e) {
                closeQuietly(listening);
                listening = null;
                if (running) {
                    if (!lost) { // once per outage, not once per attempt
                        log.warn("outbox notifications unavailable, polling every {} ms until they are back: {}",
                                pollMillis, e.getClass().getSimpleName());
                        lost = true;
                    }
                    pause(pollMillis);
                }
            }
            if (running) {
                coalesce();
                drain();
            }
        }
        closeQuietly(listening);
    }

    private Connection listen() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN index_outbox");
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Lets rows committed shortly after the last refresh join one bulk, so a burst costs one refresh, not many. */
    private void coalesce() {
        long wait = lastRefresh + refreshGapNanos - System.nanoTime();
        if (wait > 0) {
            pause(wait / 1_000_000 + 1);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection; the pool replaces it
            }
        }
    }

    /** Indexes every pending row it can claim, batch after batch. */
    void drain() {
        if (rebuilding) {
            return;
        }
        deferred = false;
        try {
            index.ensureExists();
            int done;
            do {
                try {
                    done = drainOnce(batch);
                    batch = Math.min(BATCH, batch * 2);
                } catch (RequestTooLarge e) {
                    // Elasticsearch refused the request size: split the batch and keep going
                    batch = Math.max(1, batch / 2);
                    log.warn("bulk request too large; batch size now {}", batch);
                    done = batch;
                }
            } while (done >= batch);
        } catch (IOException | RuntimeException e) {
            log.warn("indexing paused, will retry: {}", e.toString());
        }
    }

    /** Indexes one batch; returns how many outbox rows it handled (not those left to another instance). */
    int drainOnce(int limit) {
        Integer handled = tx.execute(status -> {
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    SELECT id, report_id, action FROM index_outbox
                    WHERE done_at IS NULL AND not_before <= now()
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""", limit);
            if (rows.isEmpty()) {
                return 0;
            }
            // a report can have several pending rows (submitted, then corrected or restricted): one document, all done
            Map<ReportId, List<Long>> outboxIds = new HashMap<>();
            for (Map<String, Object> row : rows) {
                outboxIds.computeIfAbsent(new ReportId((UUID) row.get("report_id")), r -> new ArrayList<>())
                        .add((Long) row.get("id"));
            }
            // a report another instance is indexing right now is left to it; its rows stay pending for a retry
            Set<ReportId> busy = new HashSet<>(outboxIds.keySet());
            busy.removeAll(lock(outboxIds.keySet()));
            int left = 0;
            for (ReportId report : busy) {
                left += outboxIds.remove(report).size();
            }
            if (left > 0) {
                deferred = true;
            }
            if (outboxIds.isEmpty()) { // every report of the batch is being indexed by another instance
                return 0;
            }
            // reports this instance has just committed are indexed as submitted, unless a later change is pending
            Map<ReportId, ReportDocument> asSubmitted = submitted.take(outboxIds);
            if (!asSubmitted.isEmpty()) {
                asSubmitted.keySet().removeAll(changedSince(asSubmitted.keySet(), outboxIds));
            }
            Map<ReportId, List<Long>> toRead = new HashMap<>(outboxIds);
            toRead.keySet().removeAll(asSubmitted.keySet());
            List<StoredReport> reports;
            try {
                reports = store.findAllForIndex(toRead.keySet());
            } catch (de.verbund.ingest.crypto.VaultUnavailable e) {
                // one report that cannot be opened must not stop the others: open them one by one, back the
                // failing ones off (the whole vault gone backs every row off, and the alert on the oldest row fires)
                reports = openOneByOne(toRead);
            }
            List<BulkOperation> operations = new ArrayList<>();
            asSubmitted.values().forEach(document -> operations.add(indexing(document)));
            for (StoredReport report : reports) {
                String id = report.view().id().toString();
                operations.add(report.view().erased() ? BulkOperation.of(b -> b.delete(d -> d.index(index.alias()).id(id)))
                        : indexing(ReportDocument.of(report)));
            }
            if (operations.isEmpty()) { // every report of the batch was backed off above
                return rows.size() - left;
            }
            BulkResponse response;
            try {
                // every bulk makes its documents searchable before its rows are marked done (done means findable);
                // coalesce() keeps these refreshes apart in steady traffic, a backlog costs one per full batch
                response = client.bulk(b -> b.operations(operations).refresh(Refresh.True));
                lastRefresh = System.nanoTime();
            } catch (co.elastic.clients.transport.TransportException e) {
                if (e.statusCode() == 413) {
                    throw new RequestTooLarge();
                }
                throw new IndexingUnavailable(e);
            } catch (IOException e) {
                throw new IndexingUnavailable(e);
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (e.status() == 413) {
                    throw new RequestTooLarge();
                }
                throw e;
            }
            CrashPoints.reached(CrashPoints.AFTER_BULK_INDEX);
            indexedAsSubmitted.increment(asSubmitted.size());
            indexedFromStore.increment(reports.size());
            List<Long> done = new ArrayList<>();
            for (BulkResponseItem item : response.items()) {
                List<Long> rowsOfReport = outboxIds.get(ReportId.parse(item.id()).orElseThrow());
                boolean ok = item.error() == null || (item.status() == 404 && item.operationType().jsonValue().equals("delete"));
                if (ok) {
                    done.addAll(rowsOfReport);
                } else {
                    String error = item.error().type();
                    int backoffSeconds = item.status() == 429 ? 5 : 30;
                    jdbc.update("""
                            UPDATE index_outbox SET attempts = attempts + 1, last_error = ?,
                              not_before = now() + make_interval(secs => ? * least(attempts + 1, 20))
                            WHERE id = ANY (?)""", error, backoffSeconds, rowsOfReport.toArray(Long[]::new));
                    log.warn("report {} not indexed ({}), will retry", item.id(), error);
                }
            }
            if (!done.isEmpty()) {
                jdbc.update(con -> {
                    var ps = con.prepareStatement("UPDATE index_outbox SET done_at = now(), last_error = NULL WHERE id = ANY (?)");
                    ps.setArray(1, con.createArrayOf("bigint", done.toArray()));
                    return ps;
                });
            }
            return rows.size() - left;
        });
        return handled == null ? 0 : handled;
    }

    private BulkOperation indexing(ReportDocument document) {
        return BulkOperation.of(b -> b.index(i -> i.index(index.alias()).id(document.id()).document(document)));
    }

    /** Takes the advisory lock of each report this transaction can have now; returns those it holds until its end. */
    private Set<ReportId> lock(Set<ReportId> reports) {
        return new HashSet<>(jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT r FROM unnest(?::uuid[]) AS r WHERE pg_try_advisory_xact_lock(?, hashtext(r::text))""");
            ps.setArray(1, con.createArrayOf("uuid", reports.stream().map(ReportId::value).toArray()));
            ps.setInt(2, REPORT_LOCKS);
            return ps;
        }, (rs, n) -> new ReportId(rs.getObject(1, UUID.class))));
    }

    /** Of these reports, those with a pending outbox row besides the claimed ones: changed after their submission. */
    private Set<ReportId> changedSince(Set<ReportId> reports, Map<ReportId, List<Long>> claimed) {
        Long[] claimedRows = claimed.values().stream().flatMap(List::stream).toArray(Long[]::new);
        return new HashSet<>(jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT DISTINCT report_id FROM index_outbox
                    WHERE done_at IS NULL AND report_id = ANY (?) AND NOT (id = ANY (?))""");
            ps.setArray(1, con.createArrayOf("uuid", reports.stream().map(ReportId::value).toArray()));
            ps.setArray(2, con.createArrayOf("bigint", claimedRows));
            return ps;
        }, (rs, n) -> new ReportId(rs.getObject(1, UUID.class))));
    }

    private List<StoredReport> openOneByOne(Map<ReportId, List<Long>> outboxIds) {
        List<StoredReport> opened = new ArrayList<>();
        for (Map.Entry<ReportId, List<Long>> row : outboxIds.entrySet()) {
            try {
                opened.addAll(store.findAllForIndex(List.of(row.getKey())));
            } catch (de.verbund.ingest.crypto.VaultUnavailable e) {
                jdbc.update("""
                        UPDATE index_outbox SET attempts = attempts + 1, last_error = 'vault: original or data key unavailable',
                          not_before = now() + make_interval(secs => 30 * least(attempts + 1, 20))
                        WHERE id = ANY (?)""", (Object) row.getValue().toArray(Long[]::new));
                log.warn("report {} not indexed: its original cannot be opened ({}); retried later", row.getKey(),
                        e.getClass().getSimpleName());
            }
        }
        return opened;
    }

    /** Pauses draining while {@link IndexRebuild} builds a new index. */
    void pause(boolean paused) {
        this.rebuilding = paused;
    }

    /** Elasticsearch answered 413 for the whole bulk request; the batch is split. */
    static final class RequestTooLarge extends RuntimeException {
    }

    /** Elasticsearch could not be reached; the batch stays pending. */
    static final class IndexingUnavailable extends RuntimeException {
        IndexingUnavailable(IOException cause) {
            super("Elasticsearch unavailable", cause);
        }
    }
}
