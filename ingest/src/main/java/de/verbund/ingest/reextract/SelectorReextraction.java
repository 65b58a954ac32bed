package de.verbund.ingest.reextract;

import java.sql.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import de.verbund.access.policy.ReportId;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.selectors.Selector;
import de.verbund.selectors.Selectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Extracts the selectors of every live report again with the current extractor ({@link Selectors#VERSION}) and
 * stores them where they differ: in the report row, in its normalised document, and — through the outbox — in the
 * index, so that the selector check finds them. Runs in batches in report-id order; each batch commits with its
 * progress, so an interrupted run resumes after the last finished batch. A finished version does not run again.
 * Every batch that changed reports is audited (an alteration of derived data, § 76 BDSG).
 */
@Service
public class SelectorReextraction {

    private static final Logger log = LoggerFactory.getLogger(SelectorReextraction.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final ReportStore store;

    SelectorReextraction(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, ReportStore store) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.store = store;
    }

    /**
     * @param examined live reports looked at so far in this version's run (also in earlier, interrupted runs)
     * @param changed of them, reports whose selectors changed
     * @param total live reports in the hub
     * @param finished whether the whole run for this version is done
     */
    public record Progress(long examined, long changed, long total, boolean finished) {}

    private record Row(UUID id, String text, String normalised, List<String> selectors) {}

    /** Runs (or resumes) the re-extraction for the current extractor version; {@code progress} hears every batch. */
    public Progress run(Consumer<Progress> progress) {
        String version = Selectors.VERSION;
        jdbc.update("INSERT INTO selector_reextraction (extractor_version) VALUES (?) ON CONFLICT DO NOTHING", version);
        long total = count();
        while (true) {
            Progress done = tx.execute(status -> batch(version, total));
            progress.accept(done);
            if (done.finished()) {
                return done;
            }
        }
    }

    private long count() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM report WHERE erased_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

    /** One batch after the last finished report, with the progress row locked against a second run beside it. */
    private Progress batch(String version, long total) {
        var state = jdbc.queryForMap("""
                SELECT last_report, examined, changed, finished_at FROM selector_reextraction
                WHERE extractor_version = ? FOR UPDATE""", version);
        long examined = ((Number) state.get("examined")).longValue();
        long changed = ((Number) state.get("changed")).longValue();
        if (state.get("finished_at") != null) {
            return new Progress(examined, changed, total, true);
        }
        @Nullable UUID after = (UUID) state.get("last_report");
        List<Row> rows = jdbc.query("""
                SELECT id, vault_location, text, text_sealed, normalised::text AS normalised, normalised_sealed, selectors
                FROM report WHERE erased_at IS NULL AND (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ?""",
                (rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    ReportStore.Content content = store.open(new ReportId(id), rs.getString("vault_location"),
                            rs.getString("text"), rs.getBytes("text_sealed"), rs.getString("normalised"),
                            rs.getBytes("normalised_sealed"));
                    return new Row(id, content.text(), content.normalised(), strings(rs.getArray("selectors")));
                }, after, after, BATCH);
        List<String> changedIds = new ArrayList<>();
        for (Row row : rows) {
            List<String> now = extract(row);
            if (!now.equals(row.selectors())) {
                store.replaceSelectors(new ReportId(row.id()), now, withSelectors(row.normalised(), now));
                jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", row.id());
                changedIds.add(row.id().toString());
            }
        }
        examined += rows.size();
        changed += changedIds.size();
        boolean finished = rows.size() < BATCH;
        jdbc.update("""
                UPDATE selector_reextraction SET last_report = ?, examined = ?, changed = ?,
                       finished_at = CASE WHEN ? THEN now() END
                WHERE extractor_version = ?""", rows.isEmpty() ? after : rows.getLast().id(), examined, changed,
                finished, version);
        if (!changedIds.isEmpty()) {
            audit.record(AuditEvent.system("reextract-selectors", AuditAction.SELECTOR_REEXTRACTION).reports(changedIds)
                    .rule("EXTRACTOR_" + version).detail("changed=" + changedIds.size() + " of " + rows.size())
                    .outcome(AuditOutcome.OK));
        }
        if (finished) {
            log.info("selector re-extraction {} finished: {} reports examined, {} changed", version, examined, changed);
        }
        return new Progress(examined, changed, total, finished);
    }

    /** The selectors of the text and of the file's title and author, as at submission. */
    static List<String> extract(Row row) {
        JsonNode metadata = JSON.readTree(row.normalised()).path("metadata");
        String text = row.text() + "\n" + metadata.path("author").asString("") + "\n" + metadata.path("title").asString("");
        return Selectors.extract(text).stream().map(Selector::key).toList();
    }

    private static String withSelectors(String normalised, List<String> selectors) {
        ObjectNode doc = (ObjectNode) JSON.readTree(normalised);
        doc.putArray("selectors").addAll(selectors.stream().map(doc::textNode).toList());
        return JSON.writeValueAsString(doc);
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        return List.of((String[]) array.getArray());
    }
}
