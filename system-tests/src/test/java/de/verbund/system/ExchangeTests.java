package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
 * Selector check (hit/no-hit) and access requests through the public API, as analysts of LKA-BY and approvers of BKA
 * and LKA-BY would use them.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    String word;
    String digits;
    String secretDigits;
    String ipv6Group;
    String iban;
    final Map<String, String> ids = new HashMap<>();

    /** BKA holds a HIT_ONLY report LKA-BY may not read, and a GEHEIM report above analyst-by's clearance. */
    @BeforeAll
    void submitFixture() {
        hub = new HubClient(port);
        word = TestReports.uniqueWord();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        digits = "2" + (1_000_000 + r.nextInt(8_999_999));
        secretDigits = "2" + (1_000_000 + r.nextInt(8_999_999));
        ipv6Group = Integer.toHexString(0x1000 + r.nextInt(0xefff));
        iban = germanIban(String.format("%08d", r.nextInt(100_000_000)), String.format("%010d", r.nextLong(10_000_000_000L)));
        submit("hitOnly", Map.of("releasableTo", List.of("BKA"), "disclosure", "HIT_ONLY", "handlingCode", "H3",
                "handlingNote", "Nur nach Rücksprache verwenden"),
                "Anrufe von +49 30 " + digits + ", Server 2001:0db8:" + ipv6Group + ":0000:0000:0000:0000:0007, Kontakt "
                        + word + "@phish-example.de, Konto " + spaced(iban) + ".");
        submit("secret", Map.of("classification", "GEHEIM"),
                "Quelle meldet Telefon 030 " + secretDigits + " und Konto " + iban + ".");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            VerbundClient.Response s = hub.search(Tokens.of("analyst-bka"), Map.of("query", word, "purpose", "Test",
                    "caseReference", "BKA-TEST-1"));
            if (s.status() == 200 && s.json().get("total").asLong() >= 2) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("fixture not indexed");
    }

    void submit(String name, Map<String, Object> changes, String text) {
        Map<String, Object> labels = new HashMap<>(TestReports.labels());
        labels.putAll(changes);
        labels.put("title", "Geheimer Titel " + name + " " + word);
        labels.put("caseReference", "BKA-ST21-" + name + "-" + word);
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), (text + " " + word).getBytes(StandardCharsets.UTF_8),
                name + ".txt", TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ids.put(name, r.json().get("id").asString());
    }

    VerbundClient.Response check(String user, List<Map<String, String>> selectors) {
        return hub.post(Tokens.of(user), "/api/v1/selectors/check", VerbundClient.JSON.writeValueAsString(Map.of(
                "selectors", selectors, "purpose", "Abgleich Betrugsserie", "caseReference", "BY-K12-4711")));
    }

    static Map<String, String> sel(String type, String value) {
        return Map.of("type", type, "value", value);
    }

    String referenceFor(String user, String type, String value) {
        VerbundClient.Response r = check(user, List.of(sel(type, value)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode hits = r.json().get("results").get(0).get("hits");
        assertThat(hits.size()).as(r.body()).isEqualTo(1);
        return hits.get(0).get("reference").asString();
    }

    VerbundClient.Response request(String user, String reference) {
        return hub.post(Tokens.of(user), "/api/v1/access-requests", VerbundClient.JSON.writeValueAsString(Map.of(
                "reference", reference, "purpose", "Ermittlungsverfahren Betrug", "caseReference", "BY-K12-4711",
                "justification", "Gleicher Anschluss in unserem Verfahren")));
    }

    VerbundClient.Response decide(String approver, String requestId, Map<String, Object> decision) {
        return hub.post(Tokens.of(approver), "/api/v1/access-requests/" + requestId + "/decision",
                VerbundClient.JSON.writeValueAsString(decision));
    }

    static Map<String, Object> grant(String grantee) {
        return Map.of("decision", "GRANT", "grantee", grantee, "validUntil", LocalDate.now().plusDays(30).toString(),
                "reason", "Erforderlich für das Verfahren BY-K12-4711");
    }

    VerbundClient.Response read(String user, String id) {
        return hub.get(Tokens.of(user), "/api/v1/reports/" + id + "?purpose=Ermittlung&caseReference=BY-K12-4711");
    }

    JsonNode find(JsonNode list, String requestId) {
        for (JsonNode n : list) {
            if (n.get("id").asString().equals(requestId)) {
                return n;
            }
        }
        throw new AssertionError("request " + requestId + " not in " + list);
    }

    @Test
    void selectorsWrittenAsAnalystsWriteThemThenExtractedAndFoundByTheCheck() {
        String mobile = "2" + (100_000 + ThreadLocalRandom.current().nextInt(899_999));
        String host = "update-" + word + ".example.org";
        submit("notations", Map.of(), "Rückruf 0171/" + mobile + ". C2-Kommunikation zu hxxps://" + host.replace(".", "[.]")
                + "/gate.php, Kontakt kontakt@müller-" + word + ".de. Server 198.51.100[.]23");
        awaitIndexed("notations");
        VerbundClient.Response r = check("analyst-by", List.of(sel("phone", "+49 171 " + mobile),
                sel("url", "https://" + host + "/gate.php"), sel("domain", host.replace(".", "[.]")),
                sel("email", "kontakt@müller-" + word + ".de"), sel("ip", "198.51.100.23")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode result : r.json().get("results")) {
            assertThat(result.get("hit").asBoolean()).as(result.toString()).isTrue();
        }
        assertThat(r.json().get("results").get(3).get("normalised").asString())
                .isEqualTo("kontakt@" + java.net.IDN.toASCII("müller-" + word + ".de")).startsWith("kontakt@xn--mller-");
    }

    void awaitIndexed(String name) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            VerbundClient.Response s = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + ids.get(name)
                    + "/related?purpose=Test&caseReference=BKA-TEST-1");
            VerbundClient.Response found = hub.search(Tokens.of("analyst-bka"), Map.of("query", "Rückruf " + word,
                    "purpose", "Test", "caseReference", "BKA-TEST-1"));
            if (s.status() == 200 && found.status() == 200 && found.json().get("total").asLong() >= 1) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError(name + " not indexed");
    }

    @Test
    void checkWhenSelectorWrittenDifferentlyThenSameHitWithoutAnyContent() {
        VerbundClient.Response r = check("analyst-by", List.of(
                sel("phone", "+49 30 " + digits), sel("phone", "030/" + digits), sel("phone", "0049 30" + digits),
                sel("ip", "2001:db8:" + ipv6Group + "::7"), sel("email", word.toUpperCase() + "@PHISH-EXAMPLE.DE"),
                sel("iban", spaced(iban).toLowerCase()), sel("phone", "+49 30 " + (Long.parseLong(digits) + 1))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        for (int i = 0; i < 6; i++) {
            JsonNode hits = results.get(i).get("hits");
            assertThat(results.get(i).get("hit").asBoolean()).as(results.get(i).toString()).isTrue();
            assertThat(hits.size()).isEqualTo(1);
            assertThat(hits.get(0).get("originator").asString()).isEqualTo("BKA");
            assertThat(hits.get(0).get("reference").asString()).startsWith("ref_").hasSizeGreaterThan(20);
            assertThat(hits.get(0).properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("originator", "reference");
        }
        assertThat(results.get(0).get("normalised").asString()).isEqualTo("+4930" + digits);
        assertThat(results.get(1).get("normalised").asString()).isEqualTo("+4930" + digits);
        assertThat(results.get(2).get("normalised").asString()).isEqualTo("+4930" + digits);
        assertThat(results.get(6).get("hit").asBoolean()).isFalse();
        assertThat(results.get(6).get("hits").size()).isZero();
        // HIT_ONLY and not releasable to LKA-BY: found, but nothing of it is in the answer
        // the handling code as a JSON value or field: a bare "H3" also occurs by chance inside the random references
        assertThat(r.body()).doesNotContain("Geheimer", word + " ", "BKA-ST21", "HIT_ONLY", "VS-NFD", "\"H3\"",
                "handlingCode", ids.get("hitOnly"), ids.get("secret"));
        assertThat(read("analyst-by", ids.get("hitOnly")).status()).isEqualTo(404);
    }

    @Test
    void checkWhenHitAboveClearanceThenWithheldAndOriginatorNotified() {
        String caseRef = "BY-K12-" + TestReports.uniqueWord();
        VerbundClient.Response r = hub.post(Tokens.of("analyst-by"), "/api/v1/selectors/check", VerbundClient.JSON.writeValueAsString(
                Map.of("selectors", List.of(sel("phone", "030 " + secretDigits), sel("iban", iban)),
                        "purpose", "Abgleich Quelle", "caseReference", caseRef)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        assertThat(results.get(0).get("hit").asBoolean()).as("GEHEIM only: withheld from VS-NFD").isFalse();
        // the IBAN is also in the readable-level HIT_ONLY report: one hit for that report, none for the GEHEIM one
        assertThat(results.get(1).get("hits").size()).isEqualTo(1);

        VerbundClient.Response n = hub.get(Tokens.of("approver-bka"), "/api/v1/notifications");
        assertThat(n.status()).as(n.body()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        n.json().forEach(x -> {
            if (x.get("caseReference").asString().equals(caseRef)) {
                mine.add(x);
            }
        });
        assertThat(mine).extracting(x -> x.get("selector").asString())
                .containsExactlyInAnyOrder("phone:+4930" + secretDigits, "iban:" + iban);
        assertThat(mine).allSatisfy(x -> {
            assertThat(x.get("askerAuthority").asString()).isEqualTo("LKA-BY");
            assertThat(x.get("purpose").asString()).isEqualTo("Abgleich Quelle");
        });
        // another authority's approver is not told
        VerbundClient.Response other = hub.get(Tokens.of("approver-by"), "/api/v1/notifications");
        assertThat(other.body()).doesNotContain(caseRef);
        // an analyst cleared for GEHEIM gets the hit
        assertThat(check("analyst-bka", List.of(sel("phone", "030 " + secretDigits))).json()
                .get("results").get(0).get("hit").asBoolean()).isTrue();

        List<Map<String, Object>> audit = jdbc.queryForList(
                "SELECT action, outcome, rule, recipient, reports FROM audit_event WHERE case_reference = ? ORDER BY seq", caseRef);
        assertThat(audit).extracting(m -> m.get("action") + "/" + m.get("outcome")).contains("SELECTOR_CHECK/OK",
                "SELECTOR_HIT/HIT", "SELECTOR_HIT_WITHHELD/WITHHELD");
        assertThat(audit).filteredOn(m -> m.get("action").equals("SELECTOR_HIT_WITHHELD"))
                .allSatisfy(m -> assertThat(m.get("recipient")).isEqualTo("BKA"));
    }

    @Test
    void accessRequestWhenGrantedThenReadableWithHandlingCodeUntilRevoked() {
        String reference = referenceFor("analyst-by", "phone", "030 " + digits);
        VerbundClient.Response created = request("analyst-by", reference);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String requestId = created.json().get("id").asString();
        assertThat(created.json().get("state").asString()).isEqualTo("PENDING");
        assertThat(created.json().get("reports").isNull()).isTrue();
        assertThat(request("analyst-by", reference).status()).as("one open request per reference").isEqualTo(409);

        // an approver of another authority cannot see or decide it: same answer as an id that never existed
        VerbundClient.Response foreign = decide("approver-by", requestId, grant("USER"));
        VerbundClient.Response unknown = decide("approver-by", java.util.UUID.randomUUID().toString(), grant("USER"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(withoutInstance(foreign)).isEqualTo(withoutInstance(unknown));
        assertThat(hub.get(Tokens.of("approver-by"), "/api/v1/access-requests").body()).doesNotContain(requestId);

        JsonNode queued = find(hub.get(Tokens.of("approver-bka"), "/api/v1/access-requests").json().get("queue"), requestId);
        assertThat(queued.get("requesterAuthority").asString()).isEqualTo("LKA-BY");
        assertThat(queued.get("selector").asString()).isEqualTo("phone:+4930" + digits);
        assertThat(queued.get("purpose").asString()).isEqualTo("Ermittlungsverfahren Betrug");
        assertThat(queued.get("reports")).extracting(x -> x.get("id").asString()).containsExactly(ids.get("hitOnly"));
        assertThat(queued.get("overdue").asBoolean()).isFalse();

        VerbundClient.Response granted = decide("approver-bka", requestId, grant("USER"));
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("state").asString()).isEqualTo("GRANTED");
        assertThat(decide("approver-bka", requestId, Map.of("decision", "DENY", "reason", "doch nicht")).status())
                .as("second decision").isEqualTo(409);

        JsonNode own = find(hub.get(Tokens.of("analyst-by"), "/api/v1/access-requests").json().get("own"), requestId);
        assertThat(own.get("state").asString()).isEqualTo("GRANTED");
        assertThat(own.get("reports").get(0).get("id").asString()).isEqualTo(ids.get("hitOnly"));
        VerbundClient.Response readable = read("analyst-by", ids.get("hitOnly"));
        assertThat(readable.status()).as(readable.body()).isEqualTo(200);
        assertThat(readable.body()).contains("H3", "Nur nach Rücksprache verwenden");
        VerbundClient.Response original = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + ids.get("hitOnly")
                + "/original?purpose=Ermittlung&caseReference=BY-K12-4711");
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.headers().allValues("Verbund-Handling-Code")).containsExactly("H3");
        // the grant never lifts clearance: the GEHEIM report stays hidden even with the same selector
        assertThat(read("analyst-by", ids.get("secret")).status()).isEqualTo(404);

        VerbundClient.Response revoked = hub.post(Tokens.of("approver-bka"), "/api/v1/access-requests/" + requestId + "/revocation",
                "{\"reason\":\"Verfahren abgeschlossen\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("state").asString()).isEqualTo("REVOKED");
        assertThat(read("analyst-by", ids.get("hitOnly")).status()).as("revocation on the next request").isEqualTo(404);

        List<String> actions = jdbc.queryForList("SELECT action FROM audit_event WHERE detail LIKE ? ORDER BY seq",
                String.class, "%request=" + requestId + "%");
        assertThat(actions).contains("ACCESS_GRANT", "ACCESS_REVOKE");
        assertThat(jdbc.queryForList("SELECT action FROM audit_event WHERE detail LIKE ? ORDER BY seq", String.class,
                "%reference=" + reference + "%")).contains("SELECTOR_HIT", "ACCESS_REQUEST");
    }

    @Test
    void accessRequestWhenGrantedToAuthorityOrDeniedThenRequesterSeesDecision() {
        VerbundClient.Response created = request("analyst-by", referenceFor("analyst-by", "ip", "2001:db8:" + ipv6Group + "::7"));
        String requestId = created.json().get("id").asString();
        VerbundClient.Response denied = decide("approver-bka", requestId, Map.of("decision", "DENY",
                "reason", "Quelle gefährdet"));
        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        JsonNode own = find(hub.get(Tokens.of("analyst-by"), "/api/v1/access-requests").json().get("own"), requestId);
        assertThat(own.get("state").asString()).isEqualTo("DENIED");
        assertThat(own.get("decisionReason").asString()).isEqualTo("Quelle gefährdet");
        assertThat(own.get("reports").isNull()).isTrue();
        assertThat(own.get("requesterName").isNull()).isTrue();

        VerbundClient.Response second = request("analyst-by", referenceFor("analyst-by", "email", word + "@phish-example.de"));
        VerbundClient.Response bad = decide("approver-bka", second.json().get("id").asString(), Map.of("decision", "GRANT",
                "grantee", "AUTHORITY", "validUntil", LocalDate.now().plusYears(5).toString(), "reason", "x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("type").asString()).isEqualTo("urn:verbund:problem:invalid-decision");
        String secondId = second.json().get("id").asString();
        assertThat(decide("approver-bka", secondId, grant("AUTHORITY")).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_grant WHERE request_id = ?::uuid AND grantee_type = "
                + "'AUTHORITY' AND grantee = 'LKA-BY' AND revoked_at IS NULL", Long.class, secondId)).isEqualTo(1);
        assertThat(read("analyst-by", ids.get("hitOnly")).status()).as("whole authority granted").isEqualTo(200);
        assertThat(hub.post(Tokens.of("approver-bka"), "/api/v1/access-requests/" + secondId + "/revocation",
                "{\"reason\":\"Ende\"}").status()).isEqualTo(200);
        assertThat(read("analyst-by", ids.get("hitOnly")).status()).isEqualTo(404);
    }

    @Test
    void requestWhenUndecidedPastDeadlineThenFlaggedInBothQueues() {
        VerbundClient.Response created = request("analyst-by", referenceFor("analyst-by", "iban", iban));
        String requestId = created.json().get("id").asString();
        jdbc.update("UPDATE access_request SET created_at = now() - interval '49 hours' WHERE id = ?::uuid", requestId);
        assertThat(find(hub.get(Tokens.of("analyst-by"), "/api/v1/access-requests").json().get("own"), requestId)
                .get("overdue").asBoolean()).isTrue();
        JsonNode queued = find(hub.get(Tokens.of("approver-bka"), "/api/v1/access-requests?state=PENDING").json()
                .get("queue"), requestId);
        assertThat(queued.get("overdue").asBoolean()).isTrue();
        decide("approver-bka", requestId, Map.of("decision", "DENY", "reason", "aufgeräumt"));
    }

    @Test
    void badInputGetsProblemDetailsThatRevealNothing() {
        // one input that is not a selector gets its own error entry; the others are still checked
        VerbundClient.Response unknownType = check("analyst-by", List.of(sel("phone", "030 " + digits), sel("licence-plate", "M-AB 123")));
        assertThat(unknownType.status()).isEqualTo(200);
        assertThat(unknownType.json().get("checked").asInt()).isEqualTo(1);
        assertThat(unknownType.json().get("invalid").asInt()).isEqualTo(1);
        assertThat(unknownType.json().get("results").get(0).get("normalised").asString()).isEqualTo("+4930" + digits);
        assertThat(unknownType.json().get("results").get(1).get("problem").asString()).isEqualTo("unknown-type");
        assertThat(unknownType.body()).doesNotContain("M-AB 123");

        VerbundClient.Response invalid = check("analyst-by", List.of(sel("ip", "999.1.1.1"), sel("iban", "DE00 1234 5678 9012 3456 78"),
                sel("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyX")));
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().get("checked").asInt()).isZero();
        assertThat(invalid.json().get("invalid").asInt()).isEqualTo(3);
        assertThat(invalid.json().get("results").get(0).get("problem").asString()).isEqualTo("invalid-value");
        assertThat(invalid.json().get("results").get(0).get("type").asString()).isEqualTo("ip");
        assertThat(invalid.body()).doesNotContain("999.1.1.1", "1BoatSLR");

        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(sel("ip", "10.0." + (i / 256) + "." + (i % 256)));
        }
        assertThat(check("analyst-by", many).status()).isEqualTo(400);
        assertThat(check("analyst-by", List.of()).status()).isEqualTo(400);
        VerbundClient.Response noPurpose = hub.post(Tokens.of("analyst-by"), "/api/v1/selectors/check",
                "{\"selectors\":[{\"type\":\"ip\",\"value\":\"10.0.0.1\"}]}");
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.json().get("type").asString()).isEqualTo("urn:verbund:problem:purpose-required");
        assertThat(hub.post(Tokens.of("analyst-by"), "/api/v1/selectors/check",
                "{\"selectors\":[],\"purpose\":\"x\",\"caseReference\":\"y\",\"query\":{\"match_all\":{}}}").status())
                .isEqualTo(400);

        // a NUL in a justification is refused as input (it was a 503 "database unavailable")
        VerbundClient.Response nul = hub.post(Tokens.of("analyst-by"), "/api/v1/access-requests",
                VerbundClient.JSON.writeValueAsString(Map.of("reference", referenceFor("analyst-by", "phone", "+49 30 " + digits),
                        "purpose", "p", "caseReference", "c", "justification", "Bitte\u0000")));
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.json().get("type").asString()).isEqualTo("urn:verbund:problem:invalid-request");

        VerbundClient.Response huge = hub.post(Tokens.of("analyst-by"), "/api/v1/selectors/check",
                "{\"selectors\":[{\"type\":\"phone\",\"value\":\"" + "1".repeat(5_000_000)
                        + "\"}],\"purpose\":\"x\",\"caseReference\":\"y\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("type").asString()).isEqualTo("urn:verbund:problem:body-too-large");

        // a reference issued to someone else, a made-up one and a malformed one all answer alike
        String reference = referenceFor("analyst-by", "phone", "+49 30 " + digits);
        VerbundClient.Response othersRef = request("analyst-nw", reference);
        VerbundClient.Response madeUp = request("analyst-nw", "ref_" + "A".repeat(22));
        VerbundClient.Response malformed = request("analyst-nw", "' OR 1=1 --");
        assertThat(othersRef.status()).isEqualTo(404);
        assertThat(othersRef.body()).isEqualTo(madeUp.body()).isEqualTo(malformed.body());

        // roles are separate duties
        for (String user : List.of("oversight-bfdi", "admin-ops", "submitter-bka", "approver-bka")) {
            assertThat(check(user, List.of(sel("phone", "030 " + digits))).status()).as(user).isEqualTo(403);
        }
        assertThat(decide("analyst-by", java.util.UUID.randomUUID().toString(), grant("USER")).status()).isEqualTo(403);
        assertThat(hub.get(Tokens.of("analyst-by"), "/api/v1/notifications").status()).isEqualTo(403);
        assertThat(hub.post(null, "/api/v1/selectors/check", "{\"selectors\":[{\"type\":\"ip\",\"value\":\"10.0.0.1\"}],"
                + "\"purpose\":\"x\",\"caseReference\":\"y\"}").status()).isEqualTo(401);
    }

    @Test
    void referenceWhenReportErasedThenAnswersLikeUnknown() {
        String w = TestReports.uniqueWord();
        String phone = "2" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        Map<String, Object> labels = new HashMap<>(TestReports.labels());
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Rufnummer 030 " + phone + " " + w)
                .getBytes(StandardCharsets.UTF_8), "e.txt", TestReports.json(labels));
        String id = r.json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String reference = null;
        while (reference == null && Instant.now().isBefore(deadline)) {
            JsonNode hits = check("analyst-by", List.of(sel("phone", "030 " + phone))).json().get("results").get(0).get("hits");
            reference = hits.isEmpty() ? null : hits.get(0).get("reference").asString();
            sleep(200);
        }
        assertThat(reference).as("indexed").isNotNull();
        jdbc.update("UPDATE report SET erased_at = now() WHERE id = ?::uuid", id);
        VerbundClient.Response erased = request("analyst-by", reference);
        assertThat(erased.status()).isEqualTo(404);
        assertThat(erased.body()).isEqualTo(request("analyst-by", "ref_" + "B".repeat(22)).body());
    }

    static String withoutInstance(VerbundClient.Response r) {
        tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) r.json();
        json.remove("instance");
        return r.status() + " " + json;
    }

    /** A valid German IBAN for bank code and account (ISO 13616, mod 97). */
    static String germanIban(String bank, String account) {
        String bban = bank + account;
        int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
        return "DE" + String.format("%02d", check) + bban;
    }

    static String spaced(String iban) {
        return iban.replaceAll("(.{4})", "$1 ").strip();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
