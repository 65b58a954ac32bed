package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import de.verbund.client.VerbundClient;
import de.verbund.ingest.reextract.SelectorReextraction;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report stored before the extractor learned a notation gains the missed selector by re-extraction, and the
 * selector check then finds it; the run is resumable and audited.
 */
@HubTest
class SelectorReextractionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SelectorReextraction reextraction;

    @Test
    void reportWithMissedSelectorThenFoundAfterReextraction() {
        HubClient hub = new HubClient(port);
        String word = TestReports.uniqueWord();
        String mobile = "2" + (100_000 + ThreadLocalRandom.current().nextInt(899_999));
        VerbundClient.Response submitted = hub.submit(Tokens.of("submitter-bka"),
                ("Die Geschädigte sollte die Nummer 0171/" + mobile + " anrufen. " + word).getBytes(StandardCharsets.UTF_8),
                "alt.txt", TestReports.json(TestReports.labels()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        UUID id = UUID.fromString(submitted.json().get("id").asString());
        await(() -> hit(hub, mobile), "indexed with its selector");

        // as if submitted before the extractor knew the notation: no selector stored, none in the index
        jdbc.update("UPDATE report SET selectors = '{}' WHERE id = ?", id);
        jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id);
        await(() -> !hit(hub, mobile), "index without the selector");

        // a run that stopped right after this report resumes after it, and so does not see it
        String version = de.verbund.selectors.Selectors.VERSION;
        jdbc.update("INSERT INTO selector_reextraction (extractor_version) VALUES (?) ON CONFLICT DO NOTHING", version);
        jdbc.update("UPDATE selector_reextraction SET last_report = ?, finished_at = NULL, examined = 0, changed = 0 "
                + "WHERE extractor_version = ?", id, version);
        reextraction.run(p -> { });
        assertThat(jdbc.queryForObject("SELECT cardinality(selectors) FROM report WHERE id = ?", Integer.class, id)).isZero();

        // a fresh run reaches it, reports progress per batch, stores and indexes the selector
        jdbc.update("UPDATE selector_reextraction SET last_report = NULL, finished_at = NULL, examined = 0, changed = 0 "
                + "WHERE extractor_version = ?", version);
        List<SelectorReextraction.Progress> progress = new ArrayList<>();
        SelectorReextraction.Progress done = reextraction.run(progress::add);
        assertThat(done.finished()).isTrue();
        assertThat(done.changed()).isGreaterThanOrEqualTo(1);
        assertThat(done.examined()).isEqualTo(done.total());
        assertThat(progress).isNotEmpty().allMatch(p -> p.examined() <= p.total());
        assertThat(jdbc.queryForList("SELECT unnest(selectors) FROM report WHERE id = ?", String.class, id))
                .contains("phone:+49171" + mobile);
        await(() -> hit(hub, mobile), "selector found by the check after re-extraction");

        // a finished version does not run again; the change is in the audit trail
        assertThat(reextraction.run(p -> { }).examined()).isEqualTo(done.examined());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'SELECTOR_REEXTRACTION' "
                + "AND ? = ANY (reports)", Long.class, id.toString())).isEqualTo(1);
    }

    static boolean hit(HubClient hub, String mobile) {
        VerbundClient.Response r = hub.client().checkSelectors(Tokens.of("analyst-nw"), Map.of(
                "selectors", List.of(Map.of("type", "phone", "value", "+49 171 " + mobile)),
                "purpose", "Abgleich", "caseReference", "NW-7"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("results").get(0).get("hit").asBoolean();
    }

    static void await(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not reached within 30 s: " + what);
    }
}
