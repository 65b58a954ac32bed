package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import de.verbund.client.VerbundClient;
import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restriction (Sperrung, § 58 BDSG) through the public API: the originator's approver restricts a report with a
 * reason; from then on no analyst — the originator's own neither — finds, reads or gets a selector hit for it, the
 * read gate closing even while the index copy still says otherwise; the approver lists it and lifts the restriction,
 * and the report is back. Everyone else gets 404 (another authority) or 403 (another role); every change is audited
 * with its reason.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    String word;
    String email;
    String id;

    @BeforeAll
    void submit() {
        hub = new HubClient(port);
        word = TestReports.uniqueWord();
        email = "kontakt-" + word + "@sperr-beispiel.de";
        Map<String, Object> labels = TestReports.labels();
        labels.put("title", "Sperrfall " + word);
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Hinweis auf Betrug, Kontakt " + email + " "
                + word).getBytes(StandardCharsets.UTF_8), "sperre.txt", TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        id = r.json().get("id").asString();
        awaitTotal("analyst-by", 1);
    }

    @Test
    void restrictThenNobodyConsultsItUntilTheOriginatorsApproverLiftsIt() throws Exception {
        VerbundClient.Response restricted = change("approver-bka", id, "restriction", "Richtigkeit bestritten (§ 58 Abs. 1 BDSG)");
        assertThat(restricted.status()).as(restricted.body()).isEqualTo(200);
        assertThat(restricted.json().get("restricted").asBoolean()).isTrue();

        // the read gate closes at once, for the originator's own analyst too, whatever the index copy says: with an
        // index copy that still carries the old state, search finds the report, the read gate refuses it
        staleIndexCopy();
        assertThat(total("analyst-bka")).isEqualTo(1);
        assertThat(read("analyst-bka").status()).isEqualTo(404);
        assertThat(read("analyst-by").status()).isEqualTo(404);
        assertThat(hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "/original?purpose=Abgleich&caseReference=BKA-1")
                .status()).isEqualTo(404);

        // search and the selector check follow as soon as the outbox re-indexed it
        jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?::uuid, 'INDEX')", id);
        awaitTotal("analyst-bka", 0);
        assertThat(total("analyst-by")).isZero();
        assertThat(hits("analyst-by")).isZero();

        JsonNode list = hub.get(Tokens.of("approver-bka"), "/api/v1/restrictions").json();
        assertThat(list.toString()).contains(id, "Richtigkeit bestritten");
        assertThat(hub.get(Tokens.of("approver-by"), "/api/v1/restrictions").body()).doesNotContain(id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'RESTRICT' AND outcome = 'OK' "
                + "AND purpose LIKE 'Richtigkeit bestritten%' AND ? = ANY(reports)", Long.class, id)).isEqualTo(1);

        assertThat(change("approver-bka", id, "restriction", "noch einmal").status()).isEqualTo(409);
        VerbundClient.Response lifted = change("approver-bka", id, "restriction/lifting", "Richtigkeit bestätigt");
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().get("restricted").asBoolean()).isFalse();
        assertThat(read("analyst-bka").status()).isEqualTo(200);
        awaitTotal("analyst-by", 1);
        assertThat(hits("analyst-by")).isEqualTo(1);
        assertThat(change("approver-bka", id, "restriction/lifting", "noch einmal").status()).isEqualTo(409);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'RESTRICTION_LIFT' AND outcome = 'OK' "
                + "AND purpose = 'Richtigkeit bestätigt' AND ? = ANY(reports)", Long.class, id)).isEqualTo(1);
    }

    @Test
    void anotherAuthorityUnknownIdOrAnotherRoleThenRefusedAndNothingChanges() {
        VerbundClient.Response foreign = change("approver-by", id, "restriction", "Versuch");
        VerbundClient.Response unknown = change("approver-by", "00000000-0000-4000-8000-000000000000", "restriction", "Versuch");
        VerbundClient.Response malformed = change("approver-bka", "nicht-eine-id", "restriction", "Versuch");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("type")).isEqualTo(unknown.json().get("type"));
        assertThat(foreign.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(change("analyst-bka", id, "restriction", "Versuch").status()).isEqualTo(403);
        assertThat(change("submitter-bka", id, "restriction", "Versuch").status()).isEqualTo(403);
        VerbundClient.Response noReason = change("approver-bka", id, "restriction", " ");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.queryForObject("SELECT restricted_at IS NULL FROM report WHERE id = ?::uuid", Boolean.class, id))
                .isTrue();
    }

    VerbundClient.Response change(String user, String reportId, String what, String reason) {
        return hub.post(Tokens.of(user), "/api/v1/reports/" + reportId + "/" + what,
                VerbundClient.JSON.writeValueAsString(Map.of("reason", reason)));
    }

    VerbundClient.Response read(String user) {
        return hub.get(Tokens.of(user), "/api/v1/reports/" + id + "?purpose=Abgleich&caseReference=AZ-1");
    }

    /**
     * The index copy as it was before the restriction (what the index holds until the outbox has caught up): once the
     * outbox has indexed the restriction, the copy is set back, so that nothing pending overwrites it.
     */
    void staleIndexCopy() throws Exception {
        ServiceEndpoints e = VerbundServices.endpoints();
        ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(e.esUrl())
                .usernameAndPassword(e.esAdminUser(), e.esAdminPassword()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Boolean.TRUE.equals(client.get(g -> g.index(VerbundServices.TEST_INDEX).id(id), Map.class).source()
                .get("restricted")) || jdbc.queryForObject("SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid "
                + "AND done_at IS NULL", Long.class, id) > 0) {
            assertThat(Instant.now()).as("restriction never indexed").isBefore(deadline);
            FoundationTests.sleep(100);
        }
        client.update(u -> u.index(VerbundServices.TEST_INDEX).id(id).doc(Map.of("restricted", false)).refresh(
                co.elastic.clients.elasticsearch._types.Refresh.True), Map.class);
        assertThat(client.get(g -> g.index(VerbundServices.TEST_INDEX).id(id), Map.class).source())
                .containsEntry("restricted", false);
    }

    long total(String user) {
        VerbundClient.Response r = hub.search(Tokens.of(user), Map.of("query", word, "purpose", "Abgleich",
                "caseReference", "AZ-" + user, "size", 10));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("total").asLong();
    }

    void awaitTotal(String user, long expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (total(user) != expected) {
            assertThat(Instant.now()).as("search of " + user + " never reached " + expected).isBefore(deadline);
            FoundationTests.sleep(200);
        }
    }

    /** Hits of a selector check for the report's e-mail address. */
    long hits(String user) {
        VerbundClient.Response r = hub.post(Tokens.of(user), "/api/v1/selectors/check", VerbundClient.JSON.writeValueAsString(
                Map.of("selectors", List.of(Map.of("type", "email", "value", email)), "purpose", "Abgleich",
                        "caseReference", "AZ-" + user)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("results").get(0).get("hits").size();
    }
}
