package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import de.verbund.client.VerbundClient;
import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexer indexes a report that its own instance has just committed from the submission, without reading it
 * back and opening it again (performance issue); the document must be the one that reading it back gives, which is
 * what a rebuild of the index, another instance, or the next change of the report indexes.
 */
@HubTest
class IndexAsSubmittedTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void batchIndexedAsSubmittedThenTheSameDocumentsAsReadBackFromTheStore() throws Exception {
        HubClient hub = new HubClient(port);
        List<VerbundClient.File> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(new VerbundClient.File("bericht-" + i + ".txt", ("Bericht " + i + " " + TestReports.uniqueWord()
                    + ": Rückruf unter 0171 2345678, Kontakt täter" + i + "@example.org, Überweisung auf "
                    + "DE89 3704 0044 0532 0130 00 am 3.12.2026.").getBytes(StandardCharsets.UTF_8)));
        }
        double asSubmitted = documents("submission");
        double fromStore = documents("store");

        List<String> ids = hub.submitBatch(Tokens.of("submitter-bka"), files, TestReports.json(TestReports.labels()));
        assertThat(ids).hasSize(3);
        awaitIndexed(ids);
        assertThat(documents("submission") - asSubmitted).as("indexed as submitted").isGreaterThanOrEqualTo(3);
        Map<String, Map<?, ?>> submitted = sources(ids);
        assertThat(submitted.values()).allSatisfy(source -> assertThat(source.get("selectors")).asString()
                .contains("phone:+491712345678", "iban:DE89370400440532013000"));

        // a new outbox row of each (as after a restart, on another instance): read back from PostgreSQL and the vault
        jdbc.batchUpdate("INSERT INTO index_outbox (report_id, action) VALUES (?::uuid, 'INDEX')",
                ids.stream().map(id -> new Object[] {id}).toList());
        awaitIndexed(ids);
        assertThat(documents("store") - fromStore).as("read back").isGreaterThanOrEqualTo(3);
        assertThat(sources(ids)).isEqualTo(submitted);
    }

    private double documents(String source) {
        return meters.get("verbund.index.documents").tag("source", source).counter().count();
    }

    private static Map<String, Map<?, ?>> sources(List<String> ids) throws Exception {
        ServiceEndpoints e = VerbundServices.endpoints();
        ElasticsearchClient es = ElasticsearchClient.of(b -> b.host(e.esUrl()).usernameAndPassword(e.esAdminUser(), e.esAdminPassword()));
        Map<String, Map<?, ?>> sources = new LinkedHashMap<>();
        for (String id : ids) {
            var found = es.get(g -> g.index(VerbundServices.TEST_INDEX).id(id), Map.class);
            assertThat(found.found()).as(id).isTrue();
            sources.put(id, found.source());
        }
        return sources;
    }

    private void awaitIndexed(List<String> ids) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        for (String id : ids) {
            while (jdbc.queryForObject("SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid AND done_at IS NULL",
                    Long.class, id) > 0) {
                assertThat(Instant.now()).as("report never indexed").isBefore(deadline);
                FoundationTests.sleep(20);
            }
        }
    }
}
