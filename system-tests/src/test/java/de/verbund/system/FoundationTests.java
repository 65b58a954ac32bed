package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thin slice end to end through HTTP, with real tokens from the real Keycloak, against the real
 * Elasticsearch and PostgreSQL: submit as a submitter, find as an analyst, and the refusals at the edge.
 */
@HubTest
class FoundationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    @Test
    void submitAsSubmitterThenFindAsAnalyst() {
        String word = TestReports.uniqueWord();
        byte[] file = ("Ermittlungsbericht: Phishing-Welle gegen Sparkassenkunden, Kennwort " + word)
                .getBytes(StandardCharsets.UTF_8);

        VerbundClient.Response submitted = hub.submit(Tokens.of("submitter-bka"), file, "bericht.txt",
                TestReports.json(TestReports.labels()));

        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        assertThat(submitted.headers().firstValue("Location")).contains("/api/v1/reports/" + id);

        JsonNode result = awaitHits(Tokens.of("analyst-bka"), word, 1);
        assertThat(result.get("total").asLong()).isEqualTo(1);
        JsonNode hit = result.get("hits").get(0);
        assertThat(hit.get("id").asString()).isEqualTo(id);
        assertThat(hit.get("originator").asString()).isEqualTo("BKA");

        assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE action = 'SEARCH' AND ? = ANY (reports)", Long.class, id))
                .isPositive();
    }

    @Test
    void submitWithClientCredentialsOfCaseSystem() {
        String token = Tokens.ofClient("verbund-submitter-bka", "demo-secret-not-for-production");
        VerbundClient.Response submitted = hub.submit(token, ("Fallsystem " + TestReports.uniqueWord())
                .getBytes(StandardCharsets.UTF_8), "fall.txt", TestReports.json(TestReports.labels()));
        assertThat(submitted.status()).isEqualTo(201);
    }

    @Test
    void searchWithoutTokenThenUnauthorized() {
        VerbundClient.Response response = hub.search(null, Map.of("query", "Phishing", "purpose", "Ermittlung",
                "caseReference", "BY-1"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void searchWithTokenWithoutAnalystRoleThenForbidden() {
        VerbundClient.Response response = hub.search(Tokens.of("submitter-bka"), Map.of("query", "Phishing",
                "purpose", "Ermittlung", "caseReference", "BKA-1"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void submitWithAnalystTokenThenForbidden() {
        VerbundClient.Response response = hub.submit(Tokens.of("analyst-bka"), "x".getBytes(StandardCharsets.UTF_8),
                "x.txt", TestReports.json(TestReports.labels()));
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void searchWithoutPurposeThenBadRequestWithProblemDetail() {
        VerbundClient.Response response = hub.search(Tokens.of("analyst-bka"), Map.of("query", "Phishing",
                "caseReference", "BKA-1"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:verbund:problem:purpose-required");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).contains("purpose");
    }

    @Test
    void searchWithRawQueryDslThenBadRequest() {
        VerbundClient.Response response = hub.post(Tokens.of("analyst-bka"), "/api/v1/search",
                "{\"query\":\"x\",\"purpose\":\"p\",\"caseReference\":\"c\",\"dsl\":{\"match_all\":{}}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:verbund:problem:malformed-request");
    }

    JsonNode awaitHits(String token, String word, int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            VerbundClient.Response response = hub.search(token, Map.of("query", word, "purpose", "Ermittlung",
                    "caseReference", "BKA-ST-2026-1"));
            assertThat(response.status()).isEqualTo(200);
            last = response.json();
            if (last.get("total").asLong() >= expected) {
                return last;
            }
            sleep(200);
        }
        throw new AssertionError("report not searchable within 20 s; last answer " + last);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
