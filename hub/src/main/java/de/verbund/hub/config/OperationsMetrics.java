package de.verbund.hub.config;

import java.util.concurrent.atomic.AtomicReference;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;

import de.verbund.ingest.extract.IsolatedExtractor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What operators of several instances watch beside the request metrics Spring Boot records (per endpoint, with
 * latency histograms) and the connection pool's own ({@code hikaricp_*}): the outbox backlog and the age of its oldest
 * row, the audit checkpoint's age, the parser pool, and whether Elasticsearch answers. The database and cluster figures
 * are read every 15 s by one background query each, never by the scrape itself; a figure that could not be read is
 * NaN (and the alert rules in deploy/monitoring fire on it). Alerts: deploy/monitoring/alerts.yml.
 */
@Component
class OperationsMetrics {

    private static final Logger log = LoggerFactory.getLogger(OperationsMetrics.class);

    private record Snapshot(double outboxBacklog, double outboxOldestSeconds, double checkpointAgeSeconds,
                            double elasticsearchUp) {
        static final Snapshot UNKNOWN = new Snapshot(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final JdbcTemplate jdbc;
    private final ElasticsearchClient elasticsearch;
    private final AtomicReference<Snapshot> last = new AtomicReference<>(Snapshot.UNKNOWN);

    OperationsMetrics(JdbcTemplate jdbc, ElasticsearchClient elasticsearch, IsolatedExtractor parsers, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.elasticsearch = elasticsearch;
        Gauge.builder("verbund.outbox.backlog", last, s -> s.get().outboxBacklog())
                .description("index outbox rows not yet applied to Elasticsearch").register(meters);
        Gauge.builder("verbund.outbox.oldest", last, s -> s.get().outboxOldestSeconds()).baseUnit("seconds")
                .description("age of the oldest outbox row not yet applied (0: none)").register(meters);
        Gauge.builder("verbund.audit.checkpoint.age", last, s -> s.get().checkpointAgeSeconds()).baseUnit("seconds")
                .description("age of the newest signed audit checkpoint").register(meters);
        Gauge.builder("verbund.elasticsearch.up", last, s -> s.get().elasticsearchUp())
                .description("1 when Elasticsearch answered and its cluster is not red").register(meters);
        Gauge.builder("verbund.parser.workers", parsers, p -> p.state().workers())
                .description("parser child processes configured").register(meters);
        Gauge.builder("verbund.parser.idle", parsers, p -> p.state().idle())
                .description("parser child processes idle now").register(meters);
        Gauge.builder("verbund.parser.replaced", parsers, p -> p.state().replaced())
                .description("parser child processes killed and replaced (limits, crashes)").register(meters);
    }

    @Scheduled(fixedDelayString = "${verbund.metrics.refresh-ms:15000}", initialDelay = 1000)
    void refresh() {
        double backlog = Double.NaN;
        double oldest = Double.NaN;
        double checkpointAge = Double.NaN;
        double up = 0;
        try {
            var outbox = jdbc.queryForMap("""
                    SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest
                    FROM index_outbox WHERE done_at IS NULL""");
            backlog = ((Number) outbox.get("n")).doubleValue();
            oldest = ((Number) outbox.get("oldest")).doubleValue();
            Double age = jdbc.queryForObject(
                    "SELECT extract(epoch FROM now() - max(created_at))::float8 FROM audit_checkpoint", Double.class);
            checkpointAge = age == null ? Double.NaN : age;
        } catch (RuntimeException e) {
            log.debug("operations metrics: PostgreSQL not readable: {}", e.toString());
        }
        try {
            // the cluster's health, not a ping: GET / is not served by every distribution (405 on the Maven one)
            up = elasticsearch.cluster().health().status() != HealthStatus.Red ? 1 : 0;
        } catch (java.io.IOException | RuntimeException e) {
            up = 0;
        }
        last.set(new Snapshot(backlog, oldest, checkpointAge, up));
    }
}
