package de.verbund.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.quota.QuotaExceeded;
import de.verbund.access.quota.QuotaProperties;
import de.verbund.access.quota.Quotas;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.client.VerbundClient;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Abuse limits: selectors per hour and per day and searches per minute, per user, configurable per authority
 * (HubTest gives LKA-SL 10/15/3), counted in PostgreSQL; beyond them 429 with Retry-After, audited, and visible to
 * oversight among the anomalies.
 */
@HubTest
class QuotaTests {

    @LocalServerPort
    int port;

    @Autowired
    Quotas quotas;

    @Autowired
    QuotaProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    @AfterEach
    void releaseTheDemoAnalyst() {
        jdbc.update("DELETE FROM usage_counter WHERE user_id = ?", demoAnalystId());
    }

    static Subject analystOf(String authority) {
        String id = UUID.randomUUID().toString();
        return new Subject(id, "quota-" + id.substring(0, 8), new Authority(authority), Classification.GEHEIM,
                Set.of(PhenomenonArea.CYBER), Set.of(Role.ANALYST));
    }

    @Test
    void selectorsWithinTheHourThenAllowedAndBeyondThenRefusedWithoutConsuming() {
        Subject s = analystOf("LKA-SL");
        quotas.consumeSelectors(s, 6);
        assertThatThrownBy(() -> quotas.consumeSelectors(s, 5)).isInstanceOf(QuotaExceeded.class)
                .hasMessageContaining("10 selectors per hour")
                .satisfies(e -> assertThat(((QuotaExceeded) e).retryAfterSeconds()).isBetween(1L, 3600L));
        // the refused five took nothing: four are still left this hour
        assertThatCode(() -> quotas.consumeSelectors(s, 4)).doesNotThrowAnyException();
        assertThatThrownBy(() -> quotas.consumeSelectors(s, 1)).isInstanceOf(QuotaExceeded.class);
    }

    @Test
    void dayLimitRefusesWhileTheHourWouldAllowAndTheHourIsNotCharged() {
        Subject s = analystOf("LKA-SL");
        jdbc.update("INSERT INTO usage_counter (user_id, kind, window_start, used) VALUES (?, 'SELECTORS_DAY', ?, 12)",
                s.userId(), Timestamp.from(Instant.now().truncatedTo(ChronoUnit.DAYS)));
        assertThatThrownBy(() -> quotas.consumeSelectors(s, 4)).isInstanceOf(QuotaExceeded.class)
                .hasMessageContaining("15 selectors per day");
        assertThat(jdbc.queryForList("SELECT used FROM usage_counter WHERE user_id = ? AND kind = 'SELECTORS_HOUR'",
                Long.class, s.userId())).as("the hour was rolled back with the day").isEmpty();
        assertThatCode(() -> quotas.consumeSelectors(s, 3)).doesNotThrowAnyException();
    }

    @Test
    void concurrentRequestsNeverTakeMoreThanTheLimit() throws Exception {
        Subject s = analystOf("LKA-SL");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(() -> {
                    try {
                        quotas.consumeSelectors(s, 1);
                        return true;
                    } catch (QuotaExceeded e) {
                        return false;
                    }
                });
            }
            long granted = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                granted += f.get() ? 1 : 0;
            }
            // an hour boundary during the run opens a new hour window, but the day still caps at 15
            assertThat(granted).isBetween(10L, 15L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void otherAuthoritiesHaveTheDefaults() {
        assertThat(properties.of(new Authority("LKA-BY"))).isEqualTo(properties.defaults());
        assertThat(properties.of(new Authority("LKA-SL")).searchesPerMinute()).isEqualTo(3);
        assertThat(properties.defaults().selectorsPerHour()).isEqualTo(2000);
    }

    String demoAnalystId() {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(Tokens.of("analyst-by").split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return VerbundClient.JSON.readTree(payload).path("sub").asString();
    }

    /** Uses up the demo analyst's allowance of one kind in this window and the next (no flake at a boundary). */
    void useUp(String kind, ChronoUnit unit, long limit) {
        Instant now = Instant.now().truncatedTo(unit);
        for (Instant window : List.of(now, now.plus(1, unit))) {
            jdbc.update("""
                    INSERT INTO usage_counter (user_id, kind, window_start, used) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id, kind, window_start) DO UPDATE SET used = EXCLUDED.used""",
                    demoAnalystId(), kind, Timestamp.from(window), limit);
        }
    }

    long audited(long after, String action) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM audit_event WHERE seq > ? AND actor_name = 'analyst-by' AND action = ?
                  AND outcome = 'QUOTA_EXCEEDED' AND rule = 'QUOTA'""", Long.class, after, action);
    }

    @Test
    void selectorCheckBeyondTheHourThen429WithRetryAfterAuditedAndAnAnomaly() {
        long before = jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_event", Long.class);
        useUp("SELECTORS_HOUR", ChronoUnit.HOURS, properties.defaults().selectorsPerHour());
        String token = Tokens.of("analyst-by");
        VerbundClient.Response r = hub.post(token, "/api/v1/selectors/check", VerbundClient.JSON.writeValueAsString(
                Map.of("selectors", List.of(Map.of("type", "ip", "value", "198.51.100.77")), "purpose", "Abgleich",
                        "caseReference", "BY-Q-1")));
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.json().path("type").asString()).isEqualTo("urn:verbund:problem:quota-exceeded");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(r.json().path("retryAfter").asLong()).isEqualTo(retryAfter);
        assertThat(audited(before, "SELECTOR_CHECK")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE seq > ? AND actor_name = 'analyst-by' "
                + "AND action = 'SELECTOR_HIT'", Long.class, before)).as("nothing was looked up").isZero();

        VerbundClient.Response anomalies = hub.get(Tokens.of("oversight-bfdi"), "/api/v1/audit/anomalies");
        assertThat(anomalies.status()).isEqualTo(200);
        assertThat(anomalies.json().path("quotaHits").valueStream()
                .filter(h -> h.path("actorName").asString().equals("analyst-by")
                        && h.path("action").asString().equals("SELECTOR_CHECK"))
                .mapToLong(h -> h.path("refused").asLong()).sum()).isPositive();
    }

    @Test
    void searchBeyondTheMinuteThen429Audited() {
        long before = jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_event", Long.class);
        useUp("SEARCHES_MINUTE", ChronoUnit.MINUTES, properties.defaults().searchesPerMinute());
        VerbundClient.Response r = hub.search(Tokens.of("analyst-by"), Map.of("query", "Phishing",
                "purpose", "Abgleich", "caseReference", "BY-Q-2"));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(audited(before, "SEARCH")).isEqualTo(1);
    }
}
