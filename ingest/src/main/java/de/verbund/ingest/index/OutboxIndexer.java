package de.verbund.ingest.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import de.verbund.access.policy.ReportId;
import de.verbund.cluster.CrashPoints;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.ingest.submit.StoredReport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the index outbox into Elasticsearch with bulk requests. The document {@code _id} is the report id, so
 * a retry after a crash overwrites instead of duplicating. Each item's outcome is recorded: a failed item stays
 * pending with its error and attempt count (nothing is silently lost, unlike {@code raise_on_error=False}).
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several hub nodes can drain one outbox.
 */
@Component
public class OutboxIndexer {

    private static final Logger log = LoggerFactory.getLogger(OutboxIndexer.class);
    private static final int BATCH = 500;

    private final ElasticsearchClient client;
    private final ReportIndex index;
    private final ReportStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private volatile boolean rebuilding;
    private int batch = BATCH;

    OutboxIndexer(ElasticsearchClient client, ReportIndex index, ReportStore store, JdbcTemplate jdbc,
                  TransactionTemplate tx) {
        this.client = client;
        this.index = index;
        this.store = store;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${verbund.index.outbox-poll-ms:200}")
    void drain() {
        if (rebuilding) {
            return;
        }
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

    /** Indexes one batch; returns how many outbox rows it handled. */
    int drainOnce(int limit) {
        Integer handled = tx.execute(status -> {
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    SELECT id, report_id, action FROM index_outbox
                    WHERE done_at IS NULL AND not_before <= now()
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""", limit);
            if (rows.isEmpty()) {
                return 0;
            }
            Map<ReportId, Long> outboxIds = new HashMap<>();
            for (Map<String, Object> row : rows) {
                outboxIds.put(new ReportId((UUID) row.get("report_id")), (Long) row.get("id"));
            }
            List<StoredReport> reports;
            try {
                reports = store.findAllForIndex(outboxIds.keySet());
            } catch (de.verbund.ingest.crypto.VaultUnavailable e) {
                // one report that cannot be opened must not stop the others: open them one by one, back the
                // failing ones off (the whole vault gone backs every row off, and the alert on the oldest row fires)
                reports = openOneByOne(outboxIds);
            }
            List<BulkOperation> operations = new ArrayList<>();
            for (StoredReport report : reports) {
                String id = report.view().id().toString();
                if (report.view().erased()) {
                    operations.add(BulkOperation.of(b -> b.delete(d -> d.index(index.alias()).id(id))));
                } else {
                    ReportDocument document = ReportDocument.of(report);
                    operations.add(BulkOperation.of(b -> b.index(i -> i.index(index.alias()).id(id).document(document))));
                }
            }
            if (operations.isEmpty()) { // every report of the batch was backed off above
                return rows.size();
            }
            BulkResponse response;
            try {
                response = client.bulk(b -> b.operations(operations));
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
            List<Long> done = new ArrayList<>();
            for (BulkResponseItem item : response.items()) {
                long outboxId = outboxIds.get(ReportId.parse(item.id()).orElseThrow());
                boolean ok = item.error() == null || (item.status() == 404 && item.operationType().jsonValue().equals("delete"));
                if (ok) {
                    done.add(outboxId);
                } else {
                    String error = item.error().type();
                    int backoffSeconds = item.status() == 429 ? 5 : 30;
                    jdbc.update("""
                            UPDATE index_outbox SET attempts = attempts + 1, last_error = ?,
                              not_before = now() + make_interval(secs => ? * least(attempts + 1, 20))
                            WHERE id = ?""", error, backoffSeconds, outboxId);
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
            return rows.size();
        });
        return handled == null ? 0 : handled;
    }

    private List<StoredReport> openOneByOne(Map<ReportId, Long> outboxIds) {
        List<StoredReport> opened = new ArrayList<>();
        for (Map.Entry<ReportId, Long> row : outboxIds.entrySet()) {
            try {
                opened.addAll(store.findAllForIndex(List.of(row.getKey())));
            } catch (de.verbund.ingest.crypto.VaultUnavailable e) {
                jdbc.update("""
                        UPDATE index_outbox SET attempts = attempts + 1, last_error = 'vault: original or data key unavailable',
                          not_before = now() + make_interval(secs => 30 * least(attempts + 1, 20))
                        WHERE id = ?""", row.getValue());
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
