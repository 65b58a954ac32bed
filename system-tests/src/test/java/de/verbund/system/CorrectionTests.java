package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import de.verbund.client.VerbundClient;
import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correction of labels by the originator (lifecycle issue) through the public API: a wider release opens the report
 * to another authority's analyst — reads at once, search and the selector check once re-indexed; a narrower release
 * closes reads at once, even while the index copy still carries the old labels; a classification above the analyst's
 * clearance closes it too. Only the originator's submitters and approvers correct, only correctable labels, with
 * valid values and a reason; every change is audited with old and new values.
 */
@HubTest
class CorrectionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void widerReleaseOpensNarrowerClosesReadsAtOnceEvenBeforeTheIndexFollows() throws Exception {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        String email = "hinweis-" + word + "@korrektur-beispiel.de";
        Map<String, Object> labels = TestReports.with(TestReports.labels(), "releasableTo", List.of("BKA"));
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Korrekturfall " + word + ", Kontakt " + email)
                .getBytes(StandardCharsets.UTF_8), "korrektur.txt", TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        awaitTotal(hub, "analyst-bka", word, 1);
        assertThat(total(hub, "analyst-by", word)).isZero();
        assertThat(read(hub, "analyst-by", id)).isEqualTo(404);

        // wider: reads at once, search and the selector check after the outbox
        VerbundClient.Response wider = correct(hub, "submitter-bka", id, Map.of("releasableTo", List.of("ALL")),
                "Freigabe für alle Länder abgestimmt");
        assertThat(wider.status()).as(wider.body()).isEqualTo(200);
        assertThat(wider.json().get("changed").toString()).isEqualTo("[\"releasableTo\"]");
        assertThat(read(hub, "analyst-by", id)).isEqualTo(200);
        awaitTotal(hub, "analyst-by", word, 1);
        assertThat(ErasureTests.hits(hub, email)).isEqualTo(1);

        // narrower: with the index copy still saying ALL, search finds it, the read gate refuses it
        VerbundClient.Response narrower = correct(hub, "approver-bka", id, Map.of("releasableTo", List.of("BKA")),
                "Freigabe zurückgenommen");
        assertThat(narrower.status()).as(narrower.body()).isEqualTo(200);
        staleIndexCopy(id, List.of("ALL"));
        assertThat(total(hub, "analyst-by", word)).isEqualTo(1);
        assertThat(read(hub, "analyst-by", id)).isEqualTo(404);
        assertThat(hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id + "/original?purpose=P&caseReference=AZ-1")
                .status()).isEqualTo(404);
        jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?::uuid, 'INDEX')", id);
        awaitTotal(hub, "analyst-by", word, 0);
        // (the selector check still answers a hit: it tells of reports the analyst may not read, BRIEF)
        assertThat(ErasureTests.hits(hub, email)).isEqualTo(1);

        // classification up: above analyst-by's clearance (VS-NFD), even when released to all again
        VerbundClient.Response up = correct(hub, "submitter-bka", id, Map.of("releasableTo", List.of("ALL"),
                "classification", "VS-VERTRAULICH"), "höher eingestuft");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(read(hub, "analyst-by", id)).isEqualTo(404);
        assertThat(read(hub, "analyst-bka", id)).isEqualTo(200);
        // above the asker's clearance a hit is withheld, once the index follows
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (ErasureTests.hits(hub, email) != 0) {
            assertThat(Instant.now()).as("hit never withheld").isBefore(deadline);
            FoundationTests.sleep(200);
        }

        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_event WHERE action = 'CORRECT' AND outcome = 'OK' AND ? = ANY(reports)
                AND purpose = 'Freigabe für alle Länder abgestimmt' AND detail = 'releasableTo [BKA] -> [ALL]'""",
                Long.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'CORRECT' AND outcome = 'OK' "
                + "AND purpose = 'höher eingestuft' AND ? = ANY(reports)", String.class, id))
                .isEqualTo("classification VS-NFD -> VS-VERTRAULICH; releasableTo [BKA] -> [ALL]");
    }

    @Test
    void otherRolesOtherAuthoritiesUncorrectableLabelsAndInvalidValuesThenRefusedAndNothingChanges() {
        HubClient hub = new HubClient(port);
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Unverändert " + TestReports.uniqueWord())
                .getBytes(StandardCharsets.UTF_8), "fest.txt", TestReports.json(TestReports.labels()));
        String id = r.json().get("id").asString();
        Map<String, Object> open = Map.of("classification", "OFFEN");

        assertThat(correct(hub, "analyst-bka", id, open, "Versuch").status()).isEqualTo(403);
        VerbundClient.Response foreign = correct(hub, "submitter-by", id, open, "Versuch");
        VerbundClient.Response unknown = correct(hub, "submitter-by", "00000000-0000-4000-8000-000000000000", open, "Versuch");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        VerbundClient.Response title = correct(hub, "submitter-bka", id, Map.of("title", "neu"), "Versuch");
        assertThat(title.status()).isEqualTo(400);
        assertThat(title.json().get("type").asString()).endsWith("label-invalid");
        assertThat(title.body()).contains("title");
        VerbundClient.Response tooLate = correct(hub, "submitter-bka", id, Map.of("reviewBy",
                LocalDate.now().plusYears(11).toString()), "Versuch");
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(tooLate.body()).contains("reviewBy");
        assertThat(correct(hub, "submitter-bka", id, Map.of("classification", "STRENG GEHEIM"), "Versuch").status())
                .isEqualTo(400);
        assertThat(correct(hub, "submitter-bka", id, open, " ").status()).isEqualTo(400);
        assertThat(correct(hub, "submitter-bka", id, Map.of("classification", "VS-NFD"), "gleich").status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT classification FROM report WHERE id = ?::uuid", String.class, id))
                .isEqualTo("VS-NFD");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'CORRECT' AND outcome = 'OK' "
                + "AND ? = ANY(reports)", Long.class, id)).isZero();
    }

    static VerbundClient.Response correct(HubClient hub, String user, String id, Map<String, Object> labels, String reason) {
        return hub.post(Tokens.of(user), "/api/v1/reports/" + id + "/correction",
                VerbundClient.JSON.writeValueAsString(Map.of("labels", labels, "reason", reason)));
    }

    static int read(HubClient hub, String user, String id) {
        return hub.get(Tokens.of(user), "/api/v1/reports/" + id + "?purpose=Abgleich&caseReference=AZ-1").status();
    }

    static long total(HubClient hub, String user, String word) {
        return ErasureTests.total(hub, user, word);
    }

    static void awaitTotal(HubClient hub, String user, String word, long expected) {
        ErasureTests.awaitTotal(hub, user, word, expected);
    }

    /** Once the outbox has indexed the correction, the index copy is set back to the old release. */
    void staleIndexCopy(String id, List<String> oldRelease) throws Exception {
        ServiceEndpoints e = VerbundServices.endpoints();
        ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(e.esUrl())
                .usernameAndPassword(e.esAdminUser(), e.esAdminPassword()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (jdbc.queryForObject("SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid AND done_at IS NULL",
                Long.class, id) > 0) {
            assertThat(Instant.now()).as("correction never indexed").isBefore(deadline);
            FoundationTests.sleep(100);
        }
        client.update(u -> u.index(VerbundServices.TEST_INDEX).id(id).doc(Map.of("releasableTo", oldRelease)).refresh(
                co.elastic.clients.elasticsearch._types.Refresh.True), Map.class);
    }
}
