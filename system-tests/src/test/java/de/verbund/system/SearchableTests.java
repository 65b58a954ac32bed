package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import de.verbund.client.VerbundClient;
import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time to searchable (performance issue): the indexers of every instance hear of new outbox rows when their
 * transaction commits, and a report is searchable as soon as its outbox row is done — not at the index's next
 * scheduled refresh. The figures are in {@code bench/run.sh searchable}; these tests prove the two mechanisms.
 */
@HubTest
class SearchableTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void outboxRowsCommittedThenEveryListeningInstanceNotifiedOnceAndNotBefore() throws Exception {
        String report = submit(new HubClient(port), "Benachrichtigung " + TestReports.uniqueWord());
        try (Connection first = listening(); Connection second = listening(); Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            String transaction;
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("INSERT INTO index_outbox (report_id, action) VALUES ('" + UUID.fromString(report) + "', 'INDEX')");
                s.executeUpdate("INSERT INTO index_outbox (report_id, action) VALUES ('" + UUID.fromString(report) + "', 'INDEX')");
                try (var rs = s.executeQuery("SELECT txid_current()::text")) {
                    rs.next();
                    transaction = rs.getString(1);
                }
            }
            assertThat(heard(first, 300)).as("nothing before the commit").doesNotContain(transaction);
            writer.commit();
            assertThat(heard(first, 1_000)).as("one notification per transaction").containsOnlyOnce(transaction);
            assertThat(heard(second, 1_000)).containsOnlyOnce(transaction);
        }
    }

    @Test
    void reportIndexedThenSearchableWithoutTheIndexRefreshingOnItsOwn() throws Exception {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        // the index no longer refreshes by itself: only the indexer's own refresh can make the report visible
        withoutScheduledRefresh(es -> {
            String id = submit(hub, "Sofort auffindbarer Bericht " + word);
            awaitIndexed(id);
            assertThat(total(hub, word)).as("searchable once its outbox row is done").isEqualTo(1);
        });
    }

    @Test
    void reportIndexedInAFullBatchWithItsOtherRowsThenSearchableToo() throws Exception {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        String id = submit(hub, "Im vollen Stapel indexierter Bericht " + word);
        awaitIndexed(id);
        withoutScheduledRefresh(es -> {
            es.delete(d -> d.index(VerbundServices.TEST_INDEX).id(id).refresh(Refresh.True));
            assertThat(total(hub, word)).isZero();
            // as many rows as the indexer claims per bulk (500), all for this report, in one transaction: a full bulk
            // is refreshed like any other before its rows are done, and all of the report's rows are done together
            jdbc.batchUpdate("INSERT INTO index_outbox (report_id, action) VALUES (?::uuid, 'INDEX')",
                    Collections.nCopies(500, new Object[] {id}));
            awaitIndexed(id);
            assertThat(total(hub, word)).as("searchable once its outbox rows are done").isEqualTo(1);
        });
    }

    interface WithIndex {
        void run(ElasticsearchClient es) throws Exception;
    }

    /** Runs {@code test} with the test index's scheduled refresh off, so that only the indexer's refreshes count. */
    private static void withoutScheduledRefresh(WithIndex test) throws Exception {
        ServiceEndpoints e = VerbundServices.endpoints();
        ElasticsearchClient es = ElasticsearchClient.of(b -> b.host(e.esUrl()).usernameAndPassword(e.esAdminUser(), e.esAdminPassword()));
        es.indices().putSettings(s -> s.index(VerbundServices.TEST_INDEX).settings(i -> i.refreshInterval(t -> t.time("-1"))));
        try {
            test.run(es);
        } finally {
            es.indices().putSettings(s -> s.index(VerbundServices.TEST_INDEX).settings(i -> i.refreshInterval(t -> t.time("1s"))));
        }
    }

    private void awaitIndexed(String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (jdbc.queryForObject("SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid AND done_at IS NULL",
                Long.class, id) > 0) {
            assertThat(Instant.now()).as("report never indexed").isBefore(deadline);
            FoundationTests.sleep(20);
        }
    }

    private static long total(HubClient hub, String word) {
        VerbundClient.Response found = hub.search(Tokens.of("analyst-by"), Map.of("query", word,
                "purpose", "Abgleich", "caseReference", "AZ-1", "size", 10));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().get("total").asLong();
    }

    private Connection listening() throws Exception {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN index_outbox");
        }
        return c;
    }

    /** The payloads (transaction ids) of the notifications on channel index_outbox that arrive within {@code millis}. */
    private static List<String> heard(Connection c, int millis) throws Exception {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        while (System.nanoTime() < deadline) {
            PGNotification[] heard = c.unwrap(PGConnection.class).getNotifications(50);
            for (PGNotification n : heard == null ? new PGNotification[0] : heard) {
                if (n.getName().equals("index_outbox")) {
                    payloads.add(n.getParameter());
                }
            }
        }
        return payloads;
    }

    private static String submit(HubClient hub, String text) {
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), text.getBytes(StandardCharsets.UTF_8),
                "bericht.txt", TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}
