package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.verbund.access.grant.Grant;
import de.verbund.access.grant.GrantStore;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The need-to-know rule through the public API: what a caller may not read does not exist for it — no hit, no
 * total, no facet bucket, no highlight, no page, and a direct GET answers like an unknown id.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeedToKnowSearchTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    GrantStore grants;

    HubClient hub;
    String word;
    final Map<String, String> ids = new HashMap<>();

    /** name → labels changes; all submitted by BKA except "byOwn" (LKA-BY). */
    @BeforeAll
    void submitFixture() {
        hub = new HubClient(port);
        word = TestReports.uniqueWord();
        submit("open", "submitter-bka", Map.of(), "Phishing Sparkasse kontakt-" + word + "@phish-example.de");
        submit("secret", "submitter-bka", Map.of("classification", "GEHEIM"), "Phishing Geheimsache");
        submit("rechts", "submitter-bka", Map.of("phenomenonArea", "PMK_RECHTS"), "Phishing Rechtsextremismus");
        submit("nwOnly", "submitter-bka", Map.of("releasableTo", List.of("LKA-NW")), "Phishing nur NRW kontakt-"
                + word + "@phish-example.de");
        submit("hitOnly", "submitter-bka", Map.of("disclosure", "HIT_ONLY"), "Phishing nur Treffer");
        submit("byOwn", "submitter-by", Map.of("releasableTo", List.of("LKA-BY"), "disclosure", "HIT_ONLY"), "Phishing bayerisch eigen");
        awaitVisible();
    }

    void submit(String name, String submitter, Map<String, Object> changes, String text) {
        Map<String, Object> labels = new HashMap<>(TestReports.labels());
        labels.putAll(changes);
        labels.put("title", "Fall " + name + " " + word);
        VerbundClient.Response r = hub.submit(Tokens.of(submitter), (text + " " + word + " " + name).getBytes(StandardCharsets.UTF_8),
                name + ".txt", TestReports.json(labels));
        assertThat(r.status()).as(name + " " + r.body()).isEqualTo(201);
        ids.put(name, r.json().get("id").asString());
    }

    void awaitVisible() {
        // the originator's own analyst sees everything it submitted below GEHEIM clearance limits
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            long bka = total(search("analyst-bka", word));
            if (bka >= 5) {
                return;
            }
            FoundationTests.sleep(200);
        }
        throw new AssertionError("fixture not indexed");
    }

    JsonNode search(String user, String query) {
        VerbundClient.Response r = hub.search(Tokens.of(user), Map.of("query", query, "purpose", "Abgleich",
                "caseReference", "AZ-" + user, "size", 50));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static long total(JsonNode result) {
        return result.get("total").asLong();
    }

    Set<String> hitIds(JsonNode result) {
        Set<String> found = new HashSet<>();
        result.get("hits").forEach(h -> found.add(h.get("id").asString()));
        return found;
    }

    Set<String> named(String... names) {
        Set<String> s = new HashSet<>();
        for (String n : names) {
            s.add(ids.get(n));
        }
        return s;
    }

    @Test
    void searchThenOnlyReadableReportsInHitsTotalsAndFacets() {
        JsonNode by = search("analyst-by", word);
        assertThat(hitIds(by)).isEqualTo(named("open", "byOwn"));
        assertThat(total(by)).isEqualTo(2);
        long facetCount = 0;
        for (JsonNode bucket : by.get("facets").get("originator")) {
            facetCount += bucket.get("count").asLong();
        }
        assertThat(facetCount).isEqualTo(2);
        assertThat(by.get("facets").get("classification").toString()).doesNotContain("GEHEIM");
        assertThat(by.get("facets").get("phenomenonArea").toString()).doesNotContain("PMK_RECHTS");
        assertThat(by.toString()).doesNotContain("Geheimsache", "Rechtsextremismus", "nur NRW", "nur Treffer");

        JsonNode nw = search("analyst-nw", word);
        assertThat(hitIds(nw)).isEqualTo(named("open", "rechts", "nwOnly"));

        JsonNode bka = search("analyst-bka", word);
        assertThat(hitIds(bka)).isEqualTo(named("open", "secret", "rechts", "nwOnly", "hitOnly"));
    }

    @Test
    void highlightAndSnippetOnlyFromReadableReports() {
        JsonNode by = search("analyst-by", "Phishing " + word);
        for (JsonNode hit : by.get("hits")) {
            assertThat(hit.get("snippet").asString()).contains("<em>");
        }
        assertThat(by.toString()).doesNotContain("Geheimsache");
    }

    @Test
    void directReadOfUnreadableReportThenSameAnswerAsUnknownId() {
        String token = Tokens.of("analyst-by");
        VerbundClient.Response denied = hub.get(token, "/api/v1/reports/" + ids.get("secret") + "?purpose=p&caseReference=c");
        VerbundClient.Response unknown = hub.get(token, "/api/v1/reports/" + ReportId.random() + "?purpose=p&caseReference=c");
        VerbundClient.Response malformed = hub.get(token, "/api/v1/reports/not-an-id?purpose=p&caseReference=c");
        assertThat(denied.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(strip(denied.body(), ids.get("secret"))).isEqualTo(strip(unknown.body(), null));
        assertThat(denied.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
        for (String suffix : List.of("/original", "/related")) {
            VerbundClient.Response d = hub.get(token, "/api/v1/reports/" + ids.get("hitOnly") + suffix + "?purpose=p&caseReference=c");
            assertThat(d.status()).as(suffix).isEqualTo(404);
        }
    }

    static String strip(String body, String id) {
        // the problem's "instance" names the requested path; everything else must be identical
        return body.replaceAll("\"instance\":\"[^\"]*\",?", "");
    }

    @Test
    void deniedAndUnknownTakeTheSameTime() {
        String token = Tokens.of("analyst-by");
        List<Long> differences = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            // alternate the order, and compare within each pair, so that load on the machine cancels out
            boolean deniedFirst = i % 2 == 0;
            long a = time(token, deniedFirst ? ids.get("secret") : ReportId.random().toString());
            long b = time(token, deniedFirst ? ReportId.random().toString() : ids.get("secret"));
            differences.add(deniedFirst ? a - b : b - a);
        }
        double diffMs = Math.abs(median(differences)) / 1e6;
        assertThat(diffMs).as("median of paired differences (denied − unknown) in ms").isLessThan(2.0);
    }

    long time(String token, String id) {
        long t = System.nanoTime();
        hub.get(token, "/api/v1/reports/" + id + "?purpose=p&caseReference=c");
        return System.nanoTime() - t;
    }

    static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    @Test
    void readableReportThenContentOriginalAndRelated() throws Exception {
        String token = Tokens.of("analyst-nw");
        JsonNode report = hub.get(token, "/api/v1/reports/" + ids.get("nwOnly") + "?purpose=p&caseReference=c").json();
        assertThat(report.get("text").asString()).contains("nur NRW");
        assertThat(report.get("labels").get("handlingCode").asString()).isEqualTo("H0");

        VerbundClient.Response original = hub.get(token, "/api/v1/reports/" + ids.get("nwOnly") + "/original",
                Map.of("Verbund-Purpose", "p", "Verbund-Case-Reference", "c"));
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.body()).contains("nur NRW");
        assertThat(original.headers().firstValue("Verbund-Handling-Code")).contains("H0");
        assertThat(original.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");

        JsonNode related = hub.get(token, "/api/v1/reports/" + ids.get("nwOnly") + "/related?purpose=p&caseReference=c").json();
        assertThat(hitIds(related)).contains(ids.get("open")).doesNotContain(ids.get("nwOnly"));
        JsonNode relatedBy = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + ids.get("open")
                + "/related?purpose=p&caseReference=c").json();
        assertThat(hitIds(relatedBy)).doesNotContain(ids.get("nwOnly"));
        assertThat(relatedBy.get("total").asLong()).isZero();
    }

    @Test
    void grantOpensReportUntilRevokedButNeverAboveClearance() {
        String byToken = Tokens.of("analyst-by");
        Subject analystBy = subjectOf(byToken);
        Subject approver = subjectOf(Tokens.of("approver-bka"));
        Grant grant = grants.grant(ReportId.parse(ids.get("rechts")).orElseThrow(), Grant.Grantee.USER, analystBy.userId(),
                approver, "Abgleich mit bayerischem Verfahren", Instant.now().plusSeconds(3600), null);
        Grant authorityGrant = grants.grant(ReportId.parse(ids.get("hitOnly")).orElseThrow(), Grant.Grantee.AUTHORITY,
                "LKA-BY", approver, "Hinweisaustausch", Instant.now().plusSeconds(3600), null);
        Grant secretGrant = grants.grant(ReportId.parse(ids.get("secret")).orElseThrow(), Grant.Grantee.USER,
                analystBy.userId(), approver, "Versuch", Instant.now().plusSeconds(3600), null);

        assertThat(hitIds(search("analyst-by", word))).isEqualTo(named("open", "byOwn", "rechts", "hitOnly"));
        assertThat(hub.get(byToken, "/api/v1/reports/" + ids.get("rechts") + "?purpose=p&caseReference=c").status()).isEqualTo(200);
        assertThat(hub.get(byToken, "/api/v1/reports/" + ids.get("secret") + "?purpose=p&caseReference=c").status()).isEqualTo(404);

        grants.revoke(grant.id(), approver);
        grants.revoke(authorityGrant.id(), approver);
        grants.revoke(secretGrant.id(), approver);
        assertThat(hub.get(byToken, "/api/v1/reports/" + ids.get("rechts") + "?purpose=p&caseReference=c").status()).isEqualTo(404);
        assertThat(hitIds(search("analyst-by", word))).isEqualTo(named("open", "byOwn"));
    }

    @Test
    void pagingWithCursorThenEveryReadableHitOnceAndCursorBoundToUser() {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("query", word, "purpose", "p", "caseReference", "c",
                    "size", 2, "sort", "date"));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            VerbundClient.Response r = hub.search(Tokens.of("analyst-bka"), body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            for (JsonNode hit : page.get("hits")) {
                assertThat(seen.add(hit.get("id").asString())).isTrue();
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            if (pages == 0 && cursor != null) {
                VerbundClient.Response stolen = hub.search(Tokens.of("analyst-by"), Map.of("query", word, "purpose", "p",
                        "caseReference", "c", "size", 2, "sort", "date", "cursor", cursor));
                assertThat(stolen.status()).isEqualTo(400);
            }
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).isEqualTo(named("open", "secret", "rechts", "nwOnly", "hitOnly"));
    }

    @Test
    void queryLanguageFiltersAndErrors() {
        assertThat(hitIds(search("analyst-bka", word + " AND classification:GEHEIM"))).isEqualTo(named("secret"));
        assertThat(hitIds(search("analyst-bka", word + " NOT area:CYBER"))).isEqualTo(named("rechts"));
        assertThat(hitIds(search("analyst-bka", "selector:email:Kontakt-" + word + "@Phish-Example.DE"))).isEqualTo(named("open", "nwOnly"));
        assertThat(hitIds(search("analyst-bka", "\"nur Treffer\" " + word))).isEqualTo(named("hitOnly"));
        assertThat(hitIds(search("analyst-bka", word + " (Geheimsache OR Rechtsextremismus)"))).isEqualTo(named("secret", "rechts"));
        for (String bad : List.of("originator:LKA-XX", "(" + word, "\"open", "foo:bar", "date:gestern", "selector:ip:999.1.1.1", "AND",
                "abc\u0000", word + "\u2028")) {
            VerbundClient.Response r = hub.search(Tokens.of("analyst-bka"), Map.of("query", bad, "purpose", "p", "caseReference", "c"));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("type").asString()).isEqualTo("urn:verbund:problem:invalid-query");
            assertThat(r.body()).doesNotContainIgnoringCase("elasticsearch");
        }
        VerbundClient.Response dsl = hub.search(Tokens.of("analyst-by"), Map.of("query", "{\"match_all\":{}}", "purpose", "p",
                "caseReference", "c"));
        assertThat(dsl.status()).isIn(200, 400);
        if (dsl.status() == 200) {
            assertThat(total(dsl.json())).isZero();
        }
    }

    @Test
    void oversightAndAdminThenForbiddenOnEveryContentEndpoint() {
        for (String user : List.of("oversight-bfdi", "admin-ops", "approver-bka", "submitter-bka")) {
            String token = Tokens.of(user);
            assertThat(hub.search(token, Map.of("query", word, "purpose", "p", "caseReference", "c")).status()).as(user).isEqualTo(403);
            for (String suffix : List.of("", "/original", "/related")) {
                assertThat(hub.get(token, "/api/v1/reports/" + ids.get("open") + suffix + "?purpose=p&caseReference=c").status())
                        .as(user + suffix).isEqualTo(403);
            }
        }
    }

    static Subject subjectOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = VerbundClient.JSON.readValue(payload, Map.class);
        return Subject.fromClaims(claims);
    }
}
