package de.verbund.web.admin;

import de.verbund.ingest.lifecycle.KeyRotations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.verbund.ingest.extract.IsolatedExtractor;
import de.verbund.ingest.index.ReportIndex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /ui/betrieb} (role {@code admin}): is each service reachable and how long did it take to answer —
 * PostgreSQL, Elasticsearch (cluster status, the report index), the identity provider — and the hub's own queues:
 * the index outbox backlog, the parser pool and a running key rotation's progress. Counts and states only; no report, name or query is shown.
 */
@Controller
class HealthPage {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final JdbcTemplate jdbc;
    private final ElasticsearchClient elasticsearch;
    private final ReportIndex index;
    private final IsolatedExtractor parsers;
    private final KeyRotations rotations;
    private final String issuer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    HealthPage(JdbcTemplate jdbc, ElasticsearchClient elasticsearch, ReportIndex index, IsolatedExtractor parsers,
               KeyRotations rotations, @Value("${verbund.security.issuer}") String issuer) {
        this.rotations = rotations;
        this.jdbc = jdbc;
        this.elasticsearch = elasticsearch;
        this.index = index;
        this.parsers = parsers;
        this.issuer = issuer;
    }

    /** One line of the page: the service, whether it is up, what it said (states and counts), how long it took. */
    public record Check(String service, boolean up, String detail, long millis) {}

    @GetMapping("/ui/betrieb")
    String health(Model model) {
        List<Check> checks = new ArrayList<>();
        checks.add(timed("postgresql", () -> {
            String version = jdbc.queryForObject("SELECT current_setting('server_version')", String.class);
            return new Result(true, "PostgreSQL " + version);
        }));
        checks.add(timed("outbox", () -> {
            Map<String, Object> row = jdbc.queryForMap("""
                    SELECT count(*) AS backlog, count(*) FILTER (WHERE attempts > 0) AS retrying,
                           coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest
                    FROM index_outbox WHERE done_at IS NULL""");
            long backlog = ((Number) row.get("backlog")).longValue();
            return new Result(true, "backlog=" + backlog + " retrying=" + row.get("retrying") + " oldestSeconds=" + row.get("oldest"));
        }));
        checks.add(timed("elasticsearch", () -> {
            HealthResponse health = elasticsearch.cluster().health(h -> h.timeout(t -> t.time("3s")));
            String status = health.status().jsonValue();
            return new Result(!"red".equals(status), "status=" + status + " nodes=" + health.numberOfNodes()
                    + " index=" + (index.isCurrent() ? "current" : "missing or outdated"));
        }));
        checks.add(timed("keycloak", () -> {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            return new Result(response.statusCode() == 200, "HTTP " + response.statusCode());
        }));
        checks.add(timed("parsers", () -> {
            IsolatedExtractor.PoolState pool = parsers.state();
            return new Result(pool.workers() > 0, "workers=" + pool.workers() + " idle=" + pool.idle() + " parsed="
                    + pool.requests() + " replaced=" + pool.replaced());
        }));
        checks.add(timed("key-rotation", () -> {
            List<KeyRotations.Rotation> running = rotations.running();
            return new Result(true, running.isEmpty() ? "none running" : String.join(", ", running.stream()
                    .map(r -> r.authority() + " v" + r.toVersion() + " " + r.rewrapped() + "/" + r.total()).toList()));
        }));
        model.addAttribute("checks", checks);
        return "health";
    }

    private record Result(boolean up, String detail) {}

    private interface Probe {
        Result run() throws Exception;
    }

    private static Check timed(String service, Probe probe) {
        long start = System.nanoTime();
        try {
            Result result = probe.run();
            return new Check(service, result.up(), result.detail(), (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the kind of failure only: messages of drivers may carry addresses or credentials
            return new Check(service, false, e.getClass().getSimpleName(), (System.nanoTime() - start) / 1_000_000);
        }
    }
}
