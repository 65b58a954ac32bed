package de.verbund.audit;

import de.verbund.client.VerbundClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import de.verbund.auditverify.Verify;
import de.verbund.system.HubClient;
import de.verbund.system.HubTest;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollback and rewrite of history by someone holding the server's signing key: a checkpoint that oversight kept
 * from earlier no longer matches, and consistency proofs between honest checkpoints verify.
 */
@HubTest
class AuditRollbackTests {

    @LocalServerPort
    int port;

    @Autowired
    Checkpointer checkpointer;

    @Autowired
    AuditKeys keys;

    @Test
    void rewrittenHistoryThenKnownCheckpointFailsAndHonestGrowthIsConsistent() throws Exception {
        HubClient hub = new HubClient(port);
        String oversight = Tokens.of("oversight-bfdi");
        hub.search(Tokens.of("analyst-bka"), Map.of("query", "Rollback", "purpose", "p", "caseReference", "c"));
        checkpointer.appendAndMaybeCheckpoint(true);
        JsonNode first = hub.get(oversight, "/api/v1/audit/checkpoints").json().get("checkpoints");
        String known = first.get(first.size() - 1).get("note").asString();
        long knownSize = first.get(first.size() - 1).get("tree_size").asLong();

        // honest growth
        hub.search(Tokens.of("analyst-nw"), Map.of("query", "Weiter", "purpose", "p", "caseReference", "c"));
        checkpointer.appendAndMaybeCheckpoint(true);
        JsonNode later = hub.get(oversight, "/api/v1/audit/checkpoints").json().get("checkpoints");
        String latest = later.get(later.size() - 1).get("note").asString();
        long latestSize = later.get(later.size() - 1).get("tree_size").asLong();
        assertThat(latestSize).isGreaterThan(knownSize);
        Path export = Files.createTempFile("audit-", ".jsonl");
        Files.writeString(export, hub.get(oversight, "/api/v1/audit/export").body());
        String key = keys.verifierKey();
        Verify.Result honest = Verify.verify(export, key, List.of(known), System.out);
        assertThat(honest.ok()).as(honest.summary()).isTrue();

        JsonNode proof = hub.get(oversight, "/api/v1/audit/consistency?from=" + knownSize + "&to=" + latestSize).json().get("proof");
        List<byte[]> hashes = new ArrayList<>();
        proof.forEach(p -> hashes.add(Base64.getDecoder().decode(p.asString())));
        assertThat(Verify.verifyConsistency(known, latest, hashes)).isTrue();

        // the operator rewrites record 0 and re-signs a fresh tree with the server's own key
        List<String> lines = Files.readAllLines(export);
        List<byte[]> leaves = new ArrayList<>();
        List<String> forged = new ArrayList<>();
        forged.add("");
        for (int i = 1; i < lines.size(); i++) {
            ObjectNode line = (ObjectNode) VerbundClient.JSON.readTree(lines.get(i));
            ObjectNode audit = (ObjectNode) line.get("verbund").get("audit");
            if (i == 1 && !audit.get("canonical").isNull()) {
                audit.put("canonical", audit.get("canonical").asString().replace("\"outcome\":\"", "\"outcome\":\"X"));
            }
            byte[] leaf = audit.get("canonical").isNull() ? Base64.getDecoder().decode(audit.get("leafHash").asString())
                    : Merkle.leafHash(audit.get("canonical").asString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            audit.put("leafHash", Base64.getEncoder().encodeToString(leaf));
            leaves.add(leaf);
            forged.add(VerbundClient.JSON.writeValueAsString(line));
        }
        String note = keys.sign(SignedNote.body(keys.origin(), leaves.size(), Merkle.root(leaves, 0, leaves.size())));
        forged.set(0, VerbundClient.JSON.writeValueAsString(Map.of("type", "header", "treeSize", leaves.size(), "complete", true,
                "checkpoint", note)));
        Path rewritten = Files.createTempFile("audit-forged-", ".jsonl");
        Files.write(rewritten, forged);
        assertThat(Verify.verify(rewritten, key, List.of(), System.out).ok()).as("self-consistent forgery").isTrue();
        Verify.Result caught = Verify.verify(rewritten, key, List.of(known), System.out);
        assertThat(caught.ok()).isFalse();
        assertThat(caught.summary()).contains("rewritten or rolled back");
        assertThat(Verify.verifyConsistency(known, note, hashes)).isFalse();
    }
}
