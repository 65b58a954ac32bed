package de.verbund.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import de.verbund.client.VerbundClient;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of HTTP, tried as an attacker and a careless client would: every refusal is an RFC 9457 problem detail
 * with the 4xx status HTTP means (never Tomcat's HTML page, Spring's default JSON, a 500 or a 403 that says nothing
 * true), and where the caller is known it is audited.
 */
@HubTest
class ApiEdgeTests {

    static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    String analyst;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
        analyst = Tokens.of("analyst-bka");
    }

    /** The answer to a request written byte for byte, so that no client library normalises it first. */
    record Raw(int status, String head, String body) {
        JsonNode json() {
            return VerbundClient.JSON.readTree(body);
        }

        String type() {
            return json().path("type").asString();
        }
    }

    Raw raw(String requestLineAndHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLineAndHeaders + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String answer = bytes.toString(StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String head = split < 0 ? answer : answer.substring(0, split);
            String body = split < 0 ? "" : answer.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Raw(Integer.parseInt(head.substring(9, 12)), head, body);
        }
    }

    static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }

    void assertProblem(Raw raw, int status, String slug) {
        assertThat(raw.status()).as(raw.head()).isEqualTo(status);
        assertThat(raw.head().toLowerCase()).contains("content-type: " + PROBLEM_JSON);
        assertThat(raw.json().path("status").asInt()).isEqualTo(status);
        assertThat(raw.type()).isEqualTo("urn:verbund:problem:" + slug);
        assertThat(raw.body()).doesNotContain("<html", "Tomcat", "Exception", "trace");
    }

    long lastSeq() {
        return jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_event", Long.class);
    }

    long audited(long after, String actor, String action, String outcome, String detailLike) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM audit_event WHERE seq > ? AND actor_name = ? AND action = ? AND outcome = ?
                  AND coalesce(detail, '') LIKE ?""", Long.class, after, actor, action, outcome, detailLike);
    }

    @Test
    void encodedSlashThenProblemNotTomcatPage() throws IOException {
        assertProblem(raw("GET /api/v1/reports/a%2Fb HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"),
                400, "malformed-request");
    }

    @Test
    void overlongRequestLineThenProblem() throws IOException {
        Raw raw = raw("GET /api/v1/" + "a".repeat(20_000) + " HTTP/1.1\r\n");
        assertThat(raw.status()).isIn(400, 414);
        assertProblem(raw, raw.status(), raw.status() == 414 ? "uri-too-long" : "malformed-request");
    }

    @Test
    void overlargeHeaderThenProblem() throws IOException {
        Raw raw = raw("GET /api/v1/access-requests HTTP/1.1\r\nX-Filler: " + "b".repeat(20_000) + "\r\n");
        assertThat(raw.status()).isIn(400, 431);
        assertProblem(raw, raw.status(), raw.status() == 431 ? "headers-too-large" : "malformed-request");
    }

    @Test
    void dotDotPathAndMatrixParameterThenProblemOfTheFirewall() throws IOException {
        long before = lastSeq();
        assertProblem(raw("GET /api/v1/%2e%2e/v1/access-requests HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"),
                400, "malformed-request");
        assertProblem(raw("GET /api/v1/access-requests;x=1 HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"),
                400, "malformed-request");
        assertThat(audited(before, "analyst-bka", "ACCESS", "REJECTED", "% 400")).as("both refusals audited").isEqualTo(2);
    }

    @Test
    void traceThenMethodNotAllowed() throws IOException {
        Raw raw = raw("TRACE /api/v1/search HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n");
        assertProblem(raw, 405, "method-not-allowed");
        assertThat(raw.body()).doesNotContain("Bearer", analyst.substring(0, 20));
    }

    @Test
    void errorPageCalledDirectlyThenNotFoundAndNoStatus999() throws IOException {
        assertProblem(raw("GET /error HTTP/1.1\r\n"), 404, "not-found");
        assertProblem(raw("GET /error HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"), 404, "not-found");
    }

    @Test
    void unknownRouteAsAnalystThenNotFoundAndAudited() throws IOException {
        long before = lastSeq();
        assertProblem(raw("GET /api/v1/nonexistent HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"),
                404, "not-found");
        String id = java.util.UUID.randomUUID().toString();
        assertProblem(raw("GET /api/v1/reports/" + id + "/ HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"),
                404, "not-found");
        assertThat(audited(before, "analyst-bka", "ACCESS", "NOT_FOUND", "GET /api/v1/nonexistent 404")).isEqualTo(1);
    }

    @Test
    void knownRouteWithWrongMethodThenMethodNotAllowedWithAllow() throws IOException {
        Raw raw = raw("GET /api/v1/search HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n");
        assertProblem(raw, 405, "method-not-allowed");
        assertThat(raw.head()).containsIgnoringCase("Allow: POST");
    }

    @Test
    void routeOfAnotherRoleStillForbiddenAndUnknownRouteAnonymousStillUnauthorized() throws IOException {
        assertProblem(raw("GET /api/v1/notifications HTTP/1.1\r\nAuthorization: Bearer " + analyst + "\r\n"),
                403, "forbidden");
        assertProblem(raw("GET /api/v1/nonexistent HTTP/1.1\r\n"), 401, "unauthenticated");
    }

    @Test
    void dateBeyondYear9999ThenInvalidQueryNot500() {
        VerbundClient.Response r = hub.search(analyst, Map.of("query", "date:+999999999-01-01", "purpose", "Test",
                "caseReference", "T-1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("type").asString()).isEqualTo("urn:verbund:problem:invalid-query");
        assertThat(hub.search(analyst, Map.of("query", "date:2026-01-01..+10000-01-01", "purpose", "Test",
                "caseReference", "T-1")).status()).isEqualTo(400);
    }

    @Test
    void duplicateKeysInSearchBodyThenMalformedRequest() {
        VerbundClient.Response r = hub.post(analyst, "/api/v1/search",
                "{\"query\":\"Phishing\",\"query\":\"classification:GEHEIM\",\"purpose\":\"p\",\"caseReference\":\"c\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("type").asString()).isEqualTo("urn:verbund:problem:malformed-request");
    }

    @Test
    void fileNameWithNulThenBadRequestAuditedAndNothingStored() {
        long before = lastSeq();
        long reports = jdbc.queryForObject("SELECT count(*) FROM report", Long.class);
        String submitter = Tokens.of("submitter-bka");
        String labels = TestReports.json(TestReports.labels());
        VerbundClient.Response single = hub.submit(submitter, ("Text " + TestReports.uniqueWord()).getBytes(
                StandardCharsets.UTF_8), "bericht\u0000.txt", labels);
        assertThat(single.status()).isEqualTo(400);
        assertThat(single.contentType()).startsWith(PROBLEM_JSON);
        VerbundClient.Response control = hub.submit(submitter, ("Text " + TestReports.uniqueWord()).getBytes(
                StandardCharsets.UTF_8), "bericht\u0001\u2028.txt", labels);
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.json().path("type").asString()).isEqualTo("urn:verbund:problem:file-name-invalid");
        VerbundClient.Response batch = hub.client().submitBatch(submitter, java.util.List.of(
                new VerbundClient.File("gut.txt", ("Text " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8)),
                new VerbundClient.File("schlecht\u0000.txt", "x".getBytes(StandardCharsets.UTF_8))), labels);
        assertThat(batch.status()).as("a batch whose body cannot be split is refused as a whole").isEqualTo(400);
        assertThat(batch.contentType()).startsWith(PROBLEM_JSON);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report", Long.class)).isEqualTo(reports);
        assertThat(audited(before, "submitter-bka", "SUBMIT", "REJECTED", "%")).isEqualTo(3);
    }
}
