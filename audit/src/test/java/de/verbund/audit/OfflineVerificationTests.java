package de.verbund.audit;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import de.verbund.access.subject.Subject;
import de.verbund.auditverify.Verify;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What oversight does offline with an export: the standalone verifier ({@code audit-verifier}) accepts an export
 * built from the trail's canonical form, Merkle tree and signed checkpoint, and refuses every tampering.
 */
class OfflineVerificationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    final String verifierKey = SignedNote.verifierKey("verbund-audit", key.generatePublicKey());

    @TempDir
    Path dir;

    /** Canonical records of a small trail, as {@link AuditTrail} writes them. */
    static List<String> records(int n) {
        Subject analyst = Subject.fromClaims(java.util.Map.of("sub", "u-1", "preferred_username", "analyst-nw",
                "authority", "LKA-NW", "clearance", "VS-VERTRAULICH", "mandates", List.of("CYBER"),
                "roles", List.of("analyst")));
        List<String> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AuditEvent event = AuditEvent.by(analyst, AuditAction.READ)
                    .purpose(new Purpose("Abgleich", "NW-" + i)).reports(List.of(UUID.randomUUID().toString()))
                    .rule("CLEARANCE_AND_RELEASE").outcome(AuditOutcome.OK);
            records.add(Canonical.of(UUID.randomUUID(), Instant.parse("2026-11-28T10:00:00Z").plusSeconds(i), event));
        }
        return records;
    }

    List<String> export(List<String> records, int checkpointSize) {
        List<byte[]> leaves = records.stream().map(r -> Merkle.leafHash(r.getBytes(StandardCharsets.UTF_8))).toList();
        String note = SignedNote.sign(SignedNote.body("verbund.local/audit", checkpointSize,
                Merkle.root(leaves, 0, checkpointSize)), "verbund-audit", key);
        List<String> lines = new ArrayList<>();
        lines.add(JSON.writeValueAsString(java.util.Map.of("type", "header", "treeSize", checkpointSize,
                "complete", true, "checkpoint", note, "verifierKey", verifierKey)));
        for (int i = 0; i < checkpointSize; i++) {
            ObjectNode audit = JSON.createObjectNode().put("position", i)
                    .put("leafHash", Base64.getEncoder().encodeToString(leaves.get(i))).put("canonical", records.get(i));
            audit.putArray("inclusionProof");
            ObjectNode line = JSON.createObjectNode().put("type", "record");
            line.putObject("verbund").set("audit", audit);
            lines.add(JSON.writeValueAsString(line));
        }
        return lines;
    }

    Verify.Result verify(List<String> lines, List<String> knownCheckpoints) throws Exception {
        Path file = Files.write(dir.resolve("export-" + UUID.randomUUID() + ".jsonl"), lines);
        return Verify.verify(file, verifierKey, knownCheckpoints, QUIET);
    }

    @Test
    void untouchedExportThenVerified() throws Exception {
        assertThat(verify(export(records(25), 25), List.of()).ok()).isTrue();
    }

    @Test
    void alteredRecordThenRefused() throws Exception {
        List<String> lines = export(records(10), 10);
        lines.set(4, lines.get(4).replace("NW-3", "NW-9"));

        Verify.Result result = verify(lines, List.of());
        assertThat(result.ok()).isFalse();
        assertThat(result.summary()).contains("altered");
    }

    @Test
    void deletedRecordThenRefused() throws Exception {
        List<String> lines = export(records(10), 10);
        lines.remove(6);

        assertThat(verify(lines, List.of()).ok()).isFalse();
    }

    @Test
    void reorderedRecordsThenRefused() throws Exception {
        List<String> lines = export(records(10), 10);
        String third = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, third);

        assertThat(verify(lines, List.of()).ok()).isFalse();
    }

    @Test
    void checkpointOfAnotherKeyThenRefused() throws Exception {
        List<String> lines = export(records(5), 5);
        String other = SignedNote.verifierKey("verbund-audit",
                new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey());
        Path file = Files.write(dir.resolve("other.jsonl"), lines);

        assertThat(Verify.verify(file, other, List.of(), QUIET).ok()).isFalse();
    }

    @Test
    void rolledBackHistoryThenKnownCheckpointRefusesIt() throws Exception {
        List<String> original = records(12);
        List<byte[]> leaves = original.stream().map(r -> Merkle.leafHash(r.getBytes(StandardCharsets.UTF_8))).toList();
        String known = SignedNote.sign(SignedNote.body("verbund.local/audit", 8, Merkle.root(leaves, 0, 8)),
                "verbund-audit", key);
        List<String> rewritten = new ArrayList<>(original);
        rewritten.set(2, records(1).getFirst());

        assertThat(verify(export(original, 12), List.of(known)).ok()).isTrue();
        Verify.Result result = verify(export(rewritten, 12), List.of(known));
        assertThat(result.ok()).isFalse();
        assertThat(result.summary()).contains("rewritten");
    }

    @Test
    void truncatedTrailThenKnownCheckpointRefusesIt() throws Exception {
        List<String> records = records(12);
        List<byte[]> leaves = records.stream().map(r -> Merkle.leafHash(r.getBytes(StandardCharsets.UTF_8))).toList();
        String known = SignedNote.sign(SignedNote.body("verbund.local/audit", 12, Merkle.root(leaves, 0, 12)),
                "verbund-audit", key);

        Verify.Result result = verify(export(records.subList(0, 9), 9), List.of(known));
        assertThat(result.ok()).isFalse();
        assertThat(result.summary()).contains("truncated");
    }
}
