package de.verbund.ingest.index;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import de.verbund.client.VerbundClient;
import de.verbund.system.HubClient;
import de.verbund.system.HubTest;
import de.verbund.system.TestReports;
import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances must not index two changes of one report out of order (SECURITY.md). Here a test session plays the
 * other instance: it holds the report's indexing lock, as an instance does while its bulk of the report's submission
 * is under way, while the report's approver restricts it. The running hub must leave the restriction's row to the
 * lock holder; the other instance's bulk then lands with the report's old state, and only after the lock is released
 * does the hub index the restriction — last, so search follows the restriction. Without the lock the hub indexes the
 * restriction at once and the late bulk overwrites it with the old labels.
 */
@HubTest
class OneIndexerPerReportTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aReportAnotherInstanceIsIndexingIsLeftToItThenIndexedLast() throws Exception {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        VerbundClient.Response submitted = hub.submit(Tokens.of("submitter-bka"), ("Hinweis auf Betrug " + word)
                .getBytes(StandardCharsets.UTF_8), "zwei-instanzen.txt", TestReports.json(TestReports.labels()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        await(() -> pending(id) == 0, "submission indexed");
        ElasticsearchClient es = elasticsearch();
        Map<?, ?> before = source(es, id);
        assertThat(before.get("restricted")).isEqualTo(false);

        try (Connection otherInstance = dataSource.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement lock = otherInstance.prepareStatement(
                    "SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, OutboxIndexer.REPORT_LOCKS);
                lock.setString(2, id);
                lock.execute();
            }
            VerbundClient.Response restricted = hub.post(Tokens.of("approver-bka"), "/api/v1/reports/" + id
                    + "/restriction", VerbundClient.JSON.writeValueAsString(Map.of("reason", "Richtigkeit bestritten")));
            assertThat(restricted.status()).as(restricted.body()).isEqualTo(200);

            Thread.sleep(1_500); // the hub is notified at once and retries every 50 ms: thirty chances to take it
            assertThat(pending(id)).as("the restriction's row is left to the instance indexing the report").isEqualTo(1);
            assertThat(source(es, id).get("restricted")).isEqualTo(false);

            // the other instance's bulk, with the state it read before the restriction, lands now
            es.index(i -> i.index(VerbundServices.TEST_INDEX).id(id).document(before).refresh(Refresh.True));
            otherInstance.commit();
        }

        await(() -> pending(id) == 0, "restriction indexed after the other instance let go");
        assertThat(source(es, id).get("restricted")).isEqualTo(true);
        VerbundClient.Response search = hub.search(Tokens.of("analyst-bka"), Map.of("query", word, "purpose", "Abgleich",
                "caseReference", "AZ-1", "size", 10));
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.json().get("total").asLong()).isZero();
    }

    private long pending(String id) {
        return jdbc.queryForObject("SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid AND done_at IS NULL",
                Long.class, id);
    }

    private static ElasticsearchClient elasticsearch() {
        ServiceEndpoints e = VerbundServices.endpoints();
        return ElasticsearchClient.of(b -> b.host(e.esUrl()).usernameAndPassword(e.esAdminUser(), e.esAdminPassword()));
    }

    private static Map<?, ?> source(ElasticsearchClient es, String id) throws Exception {
        var found = es.get(g -> g.index(VerbundServices.TEST_INDEX).id(id), Map.class);
        assertThat(found.found()).as(id).isTrue();
        return found.source();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
