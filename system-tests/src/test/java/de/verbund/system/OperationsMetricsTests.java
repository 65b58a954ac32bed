package de.verbund.system;

import de.verbund.client.VerbundClient;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' metrics in Prometheus' format. The test hub has no separate management port, so on the users' port
 * they are for admins only (a separate port answers without a token: deploy/local/cluster.sh, bench/run.sh faults).
 */
@HubTest
class OperationsMetricsTests {

    @LocalServerPort
    int port;

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void metricsOnTheUsersPortThenAdminsOnlyWithTheHubsOwnFigures() throws Exception {
        HubClient hub = new HubClient(port);
        assertThat(hub.get(null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(hub.get(Tokens.of("analyst-bka"), "/actuator/prometheus").status()).isEqualTo(403);
        VerbundClient.Response metrics = hub.get(Tokens.of("admin-ops"), "/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("verbund_cluster_leader{", "verbund_outbox_backlog{", "verbund_audit_commit_seconds_bucket{",
                "verbund_parser_idle{", "verbund_elasticsearch_up{", "hikaricp_connections_active{",
                "http_server_requests_seconds_bucket{");
        assertThat(metrics.body()).as("the one test hub leads").contains("verbund_cluster_leader{application=\"verbund-hub\"} 1");
        awaitTrue(() -> hub.get(Tokens.of("admin-ops"), "/actuator/prometheus").body()
                .contains("verbund_elasticsearch_up{application=\"verbund-hub\"} 1"), "Elasticsearch seen up");
        assertThat(metrics.headers().firstValue("X-Request-Id")).isPresent();
    }
}
