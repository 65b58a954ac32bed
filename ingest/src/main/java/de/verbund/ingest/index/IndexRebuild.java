package de.verbund.ingest.index;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import de.verbund.access.policy.ReportId;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.ingest.submit.StoredReport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the whole report index from PostgreSQL (the system of record): a new concrete index is filled in
 * batches, the alias is swapped atomically, the old index is deleted, and reports submitted meanwhile are queued
 * again in the outbox. Searches keep working on the old index until the swap.
 */
@Component
public class IndexRebuild {

    private static final Logger log = LoggerFactory.getLogger(IndexRebuild.class);
    private static final int BATCH = 500;

    private final ElasticsearchClient client;
    private final ReportIndex index;
    private final ReportStore store;
    private final OutboxIndexer indexer;
    private final JdbcTemplate jdbc;

    IndexRebuild(ElasticsearchClient client, ReportIndex index, ReportStore store, OutboxIndexer indexer, JdbcTemplate jdbc) {
        this.client = client;
        this.index = index;
        this.store = store;
        this.indexer = indexer;
        this.jdbc = jdbc;
    }

    /** Rebuilds when the alias is missing or points to an index of an older mapping version. */
    public void rebuildIfOutdated() throws IOException {
        if (!index.isCurrent()) {
            log.info("index {} missing or of an older mapping; rebuilding from PostgreSQL", index.alias());
            rebuild();
        }
    }

    /** @return the number of reports indexed */
    public synchronized int rebuild() throws IOException {
        indexer.pause(true);
        try {
            Instant start = Instant.now();
            String concrete = index.createConcrete();
            List<ReportId> ids = store.liveIds();
            int indexed = 0;
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<StoredReport> reports = store.findAllForIndex(ids.subList(from, Math.min(ids.size(), from + BATCH)));
                List<BulkOperation> operations = new ArrayList<>();
                for (StoredReport report : reports) {
                    var document = ReportDocument.of(report);
                    operations.add(BulkOperation.of(b -> b.index(i -> i.index(concrete)
                            .id(report.view().id().toString()).document(document))));
                }
                BulkResponse response = client.bulk(b -> b.operations(operations));
                if (response.errors()) {
                    long failed = response.items().stream().filter(i -> i.error() != null).count();
                    client.indices().delete(d -> d.index(concrete));
                    throw new IOException(failed + " reports could not be indexed; rebuild aborted, old index kept");
                }
                indexed += reports.size();
            }
            client.indices().refresh(r -> r.index(concrete));
            index.swapTo(concrete);
            int requeued = jdbc.update("""
                    INSERT INTO index_outbox (report_id, action)
                    SELECT id, 'INDEX' FROM report WHERE submitted_at >= ? AND erased_at IS NULL""", Timestamp.from(start));
            log.info("index rebuilt: {} reports into {}, {} re-queued", indexed, concrete, requeued);
            return indexed;
        } finally {
            indexer.pause(false);
        }
    }
}
