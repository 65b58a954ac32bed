package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the audit record cannot be written, the request fails (docs/brief.md "Audit"): PostgreSQL is made unavailable to the
 * hub (its role may no longer log in, its sessions are ended, with the database superuser of the local services),
 * and a search must fail without any hit leaving. Afterwards the hub recovers by itself.
 */
@HubTest
class AuditUnavailableTests {

    @LocalServerPort
    int port;

    @Test
    void postgresqlUnavailableThenRequestFailsAndNothingLeaves() throws Exception {
        HubClient hub = new HubClient(port);
        String token = Tokens.of("analyst-bka");
        Map<String, Object> search = Map.of("query", "Phishing", "purpose", "p", "caseReference", "c");
        assertThat(hub.search(token, search).status()).isEqualTo(200);
        ServiceEndpoints e = VerbundServices.endpoints();
        String superUser = System.getenv("VERBUND_PG_SUPER_USER");
        String superPassword = System.getenv("VERBUND_PG_SUPER_PASSWORD");
        if (superUser == null || superPassword == null) {
            throw new de.verbund.testsupport.ServicesMissing("VERBUND_PG_SUPER_USER/PASSWORD are needed to take PostgreSQL "
                    + "away from the hub in this test");
        }
        try (Connection owner = DriverManager.getConnection(e.pgUrl(), superUser, superPassword)) {
            try {
                execute(owner, "ALTER ROLE " + e.pgAppUser() + " NOLOGIN");
                execute(owner, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + e.pgAppUser() + "'");
                VerbundClient.Response r = hub.search(token, search);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.body()).doesNotContain("hits", "Phishing");
                VerbundClient.Response read = hub.get(token, "/api/v1/reports/00000000-0000-0000-0000-000000000001?purpose=p&caseReference=c");
                assertThat(read.status()).isEqualTo(503);
            } finally {
                execute(owner, "ALTER ROLE " + e.pgAppUser() + " LOGIN");
            }
        }
        long deadline = System.currentTimeMillis() + 20_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
            status = hub.search(token, search).status();
        }
        assertThat(status).isEqualTo(200);
    }

    static void execute(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
