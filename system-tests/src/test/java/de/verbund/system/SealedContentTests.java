package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import de.verbund.client.VerbundClient;
import de.verbund.ingest.submit.ContentSealing;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text and the normalised report are sealed in PostgreSQL under the report's data key (migration V13): new
 * reports from the start, reports stored before by the background sealing — and both read the same through the API.
 */
@HubTest
class SealedContentTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ContentSealing sealing;

    @Test
    void rowStoredBeforeSealingThenSealedInTheBackgroundAndReadTheSame() {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        String text = "Altbestand vor der Versiegelung " + word;
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), text.getBytes(StandardCharsets.UTF_8), "alt.txt",
                TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        String sealedRead = read(hub, id);
        assertThat(sealedRead).contains(word);

        // the row as migration V13 finds a report stored before: content in clear, nothing sealed
        String normalised = VerbundClient.JSON.writeValueAsString(VerbundClient.JSON.readTree(sealedRead).get("normalised"));
        jdbc.update("""
                UPDATE report SET text = ?, normalised = ?::jsonb, text_sealed = NULL, normalised_sealed = NULL
                WHERE id = ?::uuid""", text, normalised, id);
        assertThat(tree(read(hub, id))).isEqualTo(tree(sealedRead));

        assertThat(sealing.sealAll()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForObject("""
                SELECT text IS NULL AND normalised IS NULL AND text_sealed IS NOT NULL AND normalised_sealed IS NOT NULL
                FROM report WHERE id = ?::uuid""", Boolean.class, id)).isTrue();
        assertThat(new String(jdbc.queryForObject("SELECT text_sealed FROM report WHERE id = ?::uuid", byte[].class, id),
                StandardCharsets.ISO_8859_1)).doesNotContain(word);
        assertThat(tree(read(hub, id))).isEqualTo(tree(sealedRead));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE text IS NOT NULL AND erased_at IS NULL",
                Long.class)).isZero();
    }

    /** The answer as JSON (jsonb does not keep the order of keys). */
    static tools.jackson.databind.JsonNode tree(String json) {
        return VerbundClient.JSON.readTree(json);
    }

    static String read(HubClient hub, String id) {
        VerbundClient.Response r = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id
                + "?purpose=Abgleich&caseReference=AZ-1");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
