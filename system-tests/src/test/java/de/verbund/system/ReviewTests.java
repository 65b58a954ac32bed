package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import de.verbund.client.VerbundClient;
import de.verbund.ingest.lifecycle.Reviews;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review deadlines (§ 77 BKAG) through the public API: the originator's approvers see what is due, a report past its
 * deadline without a decision is restricted automatically and leaves every consultation, and "keep until" — within
 * the maximum the persons concerned allow — brings it back.
 */
@HubTest
class ReviewTests {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Reviews reviews;

    @Test
    void deadlinePassedWithoutDecisionThenRestrictedUntilTheApproverKeepsItWithinTheMaximum() {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        Map<String, Object> labels = TestReports.labels();
        labels.put("personsConcerned", "JUVENILES");
        labels.put("reviewBy", TODAY.plusDays(10).toString());
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Prüffall " + word).getBytes(StandardCharsets.UTF_8),
                "pruef.txt", TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();

        JsonNode due = entry(hub.get(Tokens.of("approver-bka"), "/api/v1/reviews").json(), id);
        assertThat(due).as("due within 30 days").isNotNull();
        assertThat(due.get("overdue").asBoolean()).isFalse();
        assertThat(due.get("personsConcerned").asString()).isEqualTo("JUVENILES");
        assertThat(entry(hub.get(Tokens.of("approver-by"), "/api/v1/reviews").json(), id)).isNull();

        // the deadline passes without a decision
        jdbc.update("UPDATE report SET review_by = ? WHERE id = ?::uuid", java.sql.Date.valueOf(TODAY.minusDays(1)), id);
        reviews.restrictOverdue();
        assertThat(jdbc.queryForObject("SELECT restricted_by FROM report WHERE id = ?::uuid", String.class, id))
                .isEqualTo(Reviews.DEADLINE_RULE);
        assertThat(read(hub, id).status()).isEqualTo(404);
        JsonNode overdue = entry(hub.get(Tokens.of("approver-bka"), "/api/v1/reviews").json(), id);
        assertThat(overdue.get("overdue").asBoolean()).isTrue();
        assertThat(overdue.get("restricted").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'RESTRICT' AND actor_id = 'system' "
                + "AND rule = 'REVIEW_DEADLINE_PASSED' AND ? = ANY(reports)", Long.class, id)).isEqualTo(1);
        // the originator is notified; another authority is not
        assertThat(hub.get(Tokens.of("approver-bka"), "/api/v1/reviews/notices").body())
                .contains("\"reportId\":\"" + id + "\"", "RESTRICTED_BY_DEADLINE");
        assertThat(hub.get(Tokens.of("approver-by"), "/api/v1/reviews/notices").body()).doesNotContain(id);
        assertThat(hub.get(Tokens.of("analyst-bka"), "/api/v1/reviews/notices").status()).isEqualTo(403);

        // keep: juveniles allow five years, not six; a reason is required; only the originator's approver decides
        assertThat(keep(hub, "approver-bka", id, TODAY.plusYears(6).toString(), "Ermittlungen dauern an").status()).isEqualTo(400);
        assertThat(keep(hub, "approver-bka", id, TODAY.plusYears(4).toString(), "").status()).isEqualTo(400);
        assertThat(keep(hub, "approver-by", id, TODAY.plusYears(4).toString(), "fremd").status()).isEqualTo(404);
        assertThat(keep(hub, "analyst-bka", id, TODAY.plusYears(4).toString(), "fremd").status()).isEqualTo(403);
        VerbundClient.Response kept = keep(hub, "approver-bka", id, TODAY.plusYears(4).toString(), "Ermittlungen dauern an");
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("restrictionLifted").asBoolean()).isTrue();
        assertThat(read(hub, id).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT review_by FROM report WHERE id = ?::uuid", LocalDate.class, id))
                .isEqualTo(TODAY.plusYears(4));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'REVIEW_KEEP' AND outcome = 'OK' "
                + "AND purpose = 'Ermittlungen dauern an' AND ? = ANY(reports)", Long.class, id)).isEqualTo(1);
    }

    @Test
    void deliberateRestrictionThenKeepDoesNotLiftIt() {
        HubClient hub = new HubClient(port);
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Sperre bleibt " + TestReports.uniqueWord())
                .getBytes(StandardCharsets.UTF_8), "bleibt.txt", TestReports.json(TestReports.labels()));
        String id = r.json().get("id").asString();
        assertThat(hub.post(Tokens.of("approver-bka"), "/api/v1/reports/" + id + "/restriction",
                VerbundClient.JSON.writeValueAsString(Map.of("reason", "Beweissicherung"))).status()).isEqualTo(200);
        VerbundClient.Response kept = keep(hub, "approver-bka", id, TODAY.plusYears(3).toString(), "Frist verlängert");
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("restrictionLifted").asBoolean()).isFalse();
        assertThat(read(hub, id).status()).isEqualTo(404);
    }

    static VerbundClient.Response keep(HubClient hub, String user, String id, String reviewBy, String reason) {
        return hub.post(Tokens.of(user), "/api/v1/reports/" + id + "/review",
                VerbundClient.JSON.writeValueAsString(Map.of("reviewBy", reviewBy, "reason", reason)));
    }

    static VerbundClient.Response read(HubClient hub, String id) {
        return hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "?purpose=Abgleich&caseReference=AZ-1");
    }

    static JsonNode entry(JsonNode list, String id) {
        for (JsonNode e : list) {
            if (e.get("id").asString().equals(id)) {
                return e;
            }
        }
        return null;
    }
}
