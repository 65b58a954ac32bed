package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.verbund.audit.Checkpointer;
import de.verbund.access.policy.ReportId;
import de.verbund.auditverify.Verify;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail through the API: what is recorded, that it cannot be edited, and that oversight can verify it. */
@HubTest
class AuditTrailTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Checkpointer checkpointer;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    Map<String, Object> lastEvent(String actorName, String action) {
        return jdbc.queryForMap("SELECT * FROM audit_event WHERE actor_name = ? AND action = ? ORDER BY seq DESC LIMIT 1",
                actorName, action);
    }

    @Test
    void everyConsultationAndRefusalIsRecordedWithPurposeOutcomeAndRule() {
        String word = TestReports.uniqueWord();
        VerbundClient.Response submitted = hub.submit(Tokens.of("submitter-bka"), ("Audit " + word).getBytes(StandardCharsets.UTF_8),
                "a.txt", TestReports.json(TestReports.with(TestReports.labels(), "classification", "GEHEIM")));
        String id = submitted.json().get("id").asString();
        assertThat(lastEvent("submitter-bka", "SUBMIT").get("outcome")).isEqualTo("OK");

        hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "?purpose=Pruefung&caseReference=BKA-7");
        Map<String, Object> read = lastEvent("analyst-bka", "READ");
        assertThat(read.get("purpose")).isEqualTo("Pruefung");
        assertThat(read.get("case_reference")).isEqualTo("BKA-7");
        assertThat(read.get("outcome")).isEqualTo("OK");
        assertThat(read.get("actor_authority")).isEqualTo("BKA");

        hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id + "?purpose=Neugier&caseReference=BY-1");
        Map<String, Object> denied = lastEvent("analyst-by", "READ");
        assertThat(denied.get("outcome")).isEqualTo("DENIED");
        assertThat(denied.get("rule")).isEqualTo("CLEARANCE");

        hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + ReportId.random() + "?purpose=p&caseReference=c");
        assertThat(lastEvent("analyst-by", "READ").get("outcome")).isEqualTo("NOT_FOUND");

        hub.search(Tokens.of("submitter-by"), Map.of("query", "x", "purpose", "p", "caseReference", "c"));
        assertThat(lastEvent("submitter-by", "ACCESS").get("outcome")).isEqualTo("DENIED");

        long before = jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE outcome = 'UNAUTHENTICATED'", Long.class);
        hub.search("forged.token.here", Map.of("query", "x", "purpose", "p", "caseReference", "c"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE outcome = 'UNAUTHENTICATED'", Long.class))
                .isGreaterThan(before);
    }

    @Test
    void applicationRoleCannotUpdateDeleteOrTruncateTheTrail() {
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_event SET outcome = 'OK' WHERE seq = (SELECT max(seq) FROM audit_event)"))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)"))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("TRUNCATE audit_event")).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_leaf")).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_checkpoint SET note = 'x'")).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void oversightExportsAndVerifiesOfflineAndEveryTamperingIsDetected() throws Exception {
        hub.search(Tokens.of("analyst-bka"), Map.of("query", "Phishing", "purpose", "p", "caseReference", "c"));
        checkpointer.appendAndMaybeCheckpoint(true);
        String oversight = Tokens.of("oversight-bfdi");
        String key = hub.get(null, "/api/v1/audit/public-key").body().strip();
        VerbundClient.Response export = hub.get(oversight, "/api/v1/audit/export");
        assertThat(export.status()).isEqualTo(200);
        Path file = Files.createTempFile("audit-", ".jsonl");
        Files.writeString(file, export.body());
        assertThat(Verify.verify(file, key, List.of(), System.out).ok()).as(Verify.verify(file, key, List.of(), System.out).summary()).isTrue();

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        assertThat(lines.size()).isGreaterThan(4);
        JsonNode first = VerbundClient.JSON.readTree(lines.get(1));
        assertThat(first.get("event").get("action").asString()).isNotBlank();
        assertThat(first.get("user").get("id")).isNotNull();

        // edited record
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replaceFirst("\\\\\"outcome\\\\\":\\\\\"[A-Z_]+\\\\\"", "\\\\\"outcome\\\\\":\\\\\"OK\\\\\"")
                .replaceFirst("actorName\\\\\":\\\\\"", "actorName\\\\\":\\\\\"x"));
        assertThat(verify(edited, key).ok()).as("edited").isFalse();
        // deleted record
        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(2);
        assertThat(verify(deleted, key).ok()).as("deleted").isFalse();
        // reordered records
        List<String> reordered = new ArrayList<>(lines);
        String two = reordered.get(2);
        reordered.set(2, reordered.get(3));
        reordered.set(3, two);
        assertThat(verify(reordered, key).ok()).as("reordered").isFalse();
        // truncated trail
        assertThat(verify(lines.subList(0, lines.size() - 1), key).ok()).as("truncated").isFalse();
        // a checkpoint signed by another key
        String forgedKey = de.verbund.audit.SignedNote.verifierKey(key.substring(0, key.indexOf('+')),
                new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(new java.security.SecureRandom()).generatePublicKey());
        assertThat(verify(lines, forgedKey).ok()).as("other key").isFalse();
    }

    @Test
    void oversightQueriesAnswerWhoSawWhatAndAreThemselvesAudited() {
        String word = TestReports.uniqueWord();
        String id = hub.submit(Tokens.of("submitter-bka"), ("Wer sah " + word).getBytes(StandardCharsets.UTF_8), "w.txt",
                TestReports.json(TestReports.labels())).json().get("id").asString();
        hub.get(Tokens.of("analyst-nw"), "/api/v1/reports/" + id + "?purpose=Abgleich&caseReference=NW-42");
        String oversight = Tokens.of("oversight-bfdi");
        JsonNode viewers = hub.get(oversight, "/api/v1/audit/reports/" + id + "/viewers").json();
        assertThat(viewers.get("consultations").toString()).contains("analyst-nw", "NW-42", "Abgleich");
        JsonNode actor = hub.get(oversight, "/api/v1/audit/actors/analyst-nw/events?limit=1000").json();
        assertThat(actor.get("events").toString()).contains(id);
        JsonNode events = hub.get(oversight, "/api/v1/audit/events?action=READ&caseReference=NW-42").json();
        assertThat(events.get("events").size()).isPositive();
        assertThat(hub.get(oversight, "/api/v1/audit/consultations").status()).isEqualTo(200);
        JsonNode anomalies = hub.get(oversight, "/api/v1/audit/anomalies?maxPerWindow=0&windowMinutes=60").json();
        assertThat(anomalies.get("bursts").size()).isPositive();
        assertThat(anomalies.get("newCaseReferences").toString()).contains("NW-42");
        assertThat(hub.get(oversight, "/api/v1/audit/checkpoints").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'OVERSIGHT_QUERY' AND actor_name = 'oversight-bfdi'",
                Long.class)).isGreaterThanOrEqualTo(6);
        for (String user : List.of("analyst-bka", "admin-ops", "submitter-bka", "approver-bka")) {
            assertThat(hub.get(Tokens.of(user), "/api/v1/audit/events").status()).as(user).isEqualTo(403);
        }
        // oversight sees no content
        assertThat(hub.get(oversight, "/api/v1/audit/reports/" + id + "/viewers").body()).doesNotContain("Wer sah");
    }

    @Test
    void retentionDeletesOldRecordsAndTheTrailStillVerifies() throws Exception {
        String canonical = "{\"id\":\"00000000-0000-0000-0000-00000000a0d1\",\"note\":\"retention test " + TestReports.uniqueWord() + "\"}";
        jdbc.update("""
                INSERT INTO audit_event (id, at, actor_id, actor_name, actor_authority, actor_roles, action, reports, outcome, canonical)
                VALUES (gen_random_uuid(), timestamptz '2024-03-01 10:00:00+00', 'old-user', 'old-user', 'BKA', '{analyst}', 'READ', '{}', 'OK', ?)""",
                canonical);
        long recentBefore = jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE at > now() - interval '1 day'", Long.class);
        checkpointer.appendAndMaybeCheckpoint(true);
        long removed = jdbc.queryForObject("SELECT audit_purge_expired()", Long.class);
        assertThat(removed).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE at < date_trunc('year', now()) - interval '1 year'",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE at > now() - interval '1 day'", Long.class))
                .isGreaterThanOrEqualTo(recentBefore);
        hub.search(Tokens.of("analyst-bka"), Map.of("query", "x", "purpose", "p", "caseReference", "c"));
        checkpointer.appendAndMaybeCheckpoint(true);
        Path file = Files.createTempFile("audit-", ".jsonl");
        Files.writeString(file, hub.get(Tokens.of("oversight-bfdi"), "/api/v1/audit/export").body());
        Verify.Result result = Verify.verify(file, hub.get(null, "/api/v1/audit/public-key").body().strip(), List.of(), System.out);
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.summary()).contains("purged");
    }

    Verify.Result verify(List<String> lines, String key) throws Exception {
        Path file = Files.createTempFile("audit-tampered-", ".jsonl");
        Files.write(file, lines);
        return Verify.verify(file, key, List.of(), System.out);
    }
}
