package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import de.verbund.client.VerbundClient;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One report that cannot be opened (its original gone from the vault) must not stop indexing for everyone: before,
 * the indexer retried the whole batch forever and every later report stayed unsearchable (seen in the fault test).
 */
@HubTest
class OutboxIsolationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void reportWhoseOriginalCannotBeOpenedThenBackedOffAndLaterReportsStillIndexed() throws Exception {
        HubClient hub = new HubClient(port);
        String broken = submit(hub, "Unlesbar ohne Original " + TestReports.uniqueWord());
        awaitIndexed(broken);
        try {
            assertThat(Files.deleteIfExists(IngestTests.vaultFile(broken))).isTrue();
            jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?::uuid, 'INDEX')", broken);

            String later = submit(hub, "Später eingereicht " + TestReports.uniqueWord());
            awaitIndexed(later);

            assertThat(jdbc.queryForObject("""
                    SELECT attempts >= 1 AND last_error LIKE 'vault:%' AND not_before > now() FROM index_outbox
                    WHERE report_id = ?::uuid AND done_at IS NULL""", Boolean.class, broken)).isTrue();
        } finally {
            // out of every later test's way (key rotations, rebuilds): as if erased
            jdbc.update("UPDATE report SET erased_at = now(), shredded_at = now() WHERE id = ?::uuid", broken);
            jdbc.update("UPDATE index_outbox SET done_at = now() WHERE report_id = ?::uuid AND done_at IS NULL", broken);
        }
    }

    private static String submit(HubClient hub, String text) {
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), text.getBytes(StandardCharsets.UTF_8),
                "bericht.txt", TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private void awaitIndexed(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid AND done_at IS NULL",
                Integer.class, id) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("report " + id + " not indexed within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
