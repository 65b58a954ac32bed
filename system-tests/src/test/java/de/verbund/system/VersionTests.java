package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import de.verbund.client.VerbundClient;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions of a report's content (lifecycle issue) through the public API: the originator supersedes the content;
 * only the current version is searchable and readable by others; the originator's analysts list the versions and
 * read the earlier one; another authority learns nothing of them; erasure destroys every version's original.
 */
@HubTest
class VersionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void supersedeThenOnlyTheCurrentVersionIsFoundAndTheEarlierOneReadableOnlyToTheOriginator() throws Exception {
        HubClient hub = new HubClient(port);
        String before = TestReports.uniqueWord();
        String after = TestReports.uniqueWord();
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), ("Erstfassung " + before)
                .getBytes(StandardCharsets.UTF_8), "fassung.txt", TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        ErasureTests.awaitTotal(hub, "analyst-by", before, 1);

        byte[] second = ("Berichtigte Fassung " + after).getBytes(StandardCharsets.UTF_8);
        assertThat(supersede(hub, "analyst-bka", id, second, "Versuch").status()).isEqualTo(403);
        VerbundClient.Response foreign = supersede(hub, "submitter-by", id, second, "Versuch");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(supersede(hub, "submitter-bka", id, second, " ").status()).isEqualTo(400);
        assertThat(supersede(hub, "submitter-bka", id, ("Erstfassung " + before).getBytes(StandardCharsets.UTF_8),
                "gleich").status()).isEqualTo(409);

        VerbundClient.Response v2 = supersede(hub, "approver-bka", id, second, "Fehler im Erstbericht berichtigt");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);

        // everyone reads and finds the current version only
        JsonNode current = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id + "?purpose=P&caseReference=AZ-1").json();
        assertThat(current.get("text").asString()).contains(after).doesNotContain(before);
        ErasureTests.awaitTotal(hub, "analyst-by", after, 1);
        ErasureTests.awaitTotal(hub, "analyst-by", before, 0);
        VerbundClient.Response original = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id
                + "/original?purpose=P&caseReference=AZ-1");
        assertThat(original.body()).isEqualTo(new String(second, StandardCharsets.UTF_8));

        // the versions: the originator's analysts only
        VerbundClient.Response othersList = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id
                + "/versions?purpose=P&caseReference=AZ-1");
        assertThat(othersList.status()).isEqualTo(404);
        assertThat(hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id + "/versions/1?purpose=P&caseReference=AZ-1")
                .status()).isEqualTo(404);
        JsonNode versions = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id
                + "/versions?purpose=P&caseReference=AZ-1").json();
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).get("current").asBoolean()).isTrue();
        assertThat(versions.get(1).get("reason").asString()).isEqualTo("Fehler im Erstbericht berichtigt");
        JsonNode first = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id
                + "/versions/1?purpose=P&caseReference=AZ-1").json();
        assertThat(first.get("text").asString()).contains(before).doesNotContain(after);
        assertThat(hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "/versions/3?purpose=P&caseReference=AZ-1")
                .status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'SUPERSEDE' AND outcome = 'OK' "
                + "AND purpose = 'Fehler im Erstbericht berichtigt' AND ? = ANY(reports)", Long.class, id)).isEqualTo(1);

        // erasure destroys every version's original and its sealed content
        Path firstFile = IngestTests.vaultFile(id);
        Path secondFile = firstFile.resolveSibling(id + ".v2.p7m");
        assertThat(firstFile).exists();
        assertThat(secondFile).exists();
        assertThat(ErasureTests.erase(hub, "approver-bka", id, "Aussonderung").status()).isEqualTo(200);
        assertThat(Files.exists(firstFile)).isFalse();
        assertThat(Files.exists(secondFile)).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report_version WHERE report_id = ?::uuid", Long.class, id))
                .isZero();
        assertThat(hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "/versions/1?purpose=P&caseReference=AZ-1")
                .status()).isEqualTo(404);
    }

    static VerbundClient.Response supersede(HubClient hub, String user, String id, byte[] file, String reason) {
        return hub.client().supersede(Tokens.of(user), id, new VerbundClient.File("neu.txt", file), reason);
    }
}
