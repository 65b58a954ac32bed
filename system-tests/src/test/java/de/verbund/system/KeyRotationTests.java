package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.verbund.client.VerbundClient;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.testsupport.Tokens;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.KEKRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation of an authority's key-encryption key through the admin API, with the PKCS#11 token of the test run: the
 * data keys of every stored original (own files and packs) are re-wrapped in the background with visible progress;
 * the older version is destroyed in the token only when nothing uses it any more; afterwards every original and
 * every sealed text still opens, and a copy of an old header (an old vault backup) names a key that no longer exists.
 */
@HubTest
class KeyRotationTests {

    static final String AUTHORITY = "LKA-BY";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KeyEncryptionKeys keys;

    @Autowired
    de.verbund.ingest.lifecycle.KeyRotations rotations;

    @Test
    void rotateThenEveryDataKeyRewrappedOldVersionDestroyedAndEverythingStillOpens() throws Exception {
        HubClient hub = new HubClient(port);
        rotations.resume(); // a rotation an aborted earlier run left open finishes first (one at a time per authority)
        String word = TestReports.uniqueWord();
        Map<String, Object> labels = TestReports.labels();
        VerbundClient.Response single = hub.submit(Tokens.of("submitter-by"), ("Einzelbericht " + word)
                .getBytes(StandardCharsets.UTF_8), "einzel.txt", TestReports.json(labels));
        assertThat(single.status()).as(single.body()).isEqualTo(201);
        VerbundClient.Response batch = hub.client().submitBatch(Tokens.of("submitter-by"), List.of(
                new VerbundClient.File("a.txt", ("Sammelbericht A " + word).getBytes(StandardCharsets.UTF_8)),
                new VerbundClient.File("b.txt", ("Sammelbericht B " + word).getBytes(StandardCharsets.UTF_8))),
                TestReports.json(labels));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>(List.of(single.json().get("id").asString()));
        batch.json().path("results").forEach(r -> ids.add(r.path("id").asString()));
        // an earlier version has its own original and data key: it is re-wrapped too
        VerbundClient.Response v2 = hub.client().supersede(Tokens.of("submitter-by"), ids.getFirst(),
                new VerbundClient.File("einzel-2.txt", ("Einzelbericht, zweite Fassung " + word).getBytes(StandardCharsets.UTF_8)),
                "berichtigt");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        int before = keys.latestVersion(AUTHORITY);
        byte[] oldHead = Files.readAllBytes(IngestTests.vaultFile(ids.getFirst()));

        // only admins; an unknown authority is 404
        assertThat(hub.post(Tokens.of("approver-by"), "/api/v1/admin/keys/" + AUTHORITY + "/rotation", "{}").status())
                .isEqualTo(403);
        assertThat(hub.post(Tokens.of("admin-ops"), "/api/v1/admin/keys/LKA-XX/rotation", "{}").status()).isEqualTo(404);

        VerbundClient.Response started = hub.post(Tokens.of("admin-ops"), "/api/v1/admin/keys/" + AUTHORITY + "/rotation", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("toVersion").asInt()).isEqualTo(before + 1);
        assertThat(started.json().get("total").asLong()).isGreaterThanOrEqualTo(4);

        JsonNode done = awaitFinished(hub, before + 1);
        assertThat(done.get("rewrapped").asLong()).isEqualTo(done.get("total").asLong());
        assertThat(done.get("olderVersionsInUse").asLong()).isZero();
        String current = "verbund:kek:" + AUTHORITY + ":v" + (before + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE id = ANY(?::uuid[]) AND kek_id = ?", Long.class,
                ids.toArray(String[]::new), current)).isEqualTo(3);
        assertThat(kekId(Files.readAllBytes(IngestTests.vaultFile(ids.getFirst())))).isEqualTo(current);
        assertThat(kekId(Files.readAllBytes(IngestTests.vaultFile(ids.getFirst()).resolveSibling(ids.getFirst()
                + ".v2.p7m")))).isEqualTo(current);

        // destruction is refused while an original still names an older version
        String lagging = ids.get(1);
        String laggingKek = jdbc.queryForObject("SELECT kek_id FROM report WHERE id = ?::uuid", String.class, lagging);
        jdbc.update("UPDATE report SET kek_id = ? WHERE id = ?::uuid", "verbund:kek:" + AUTHORITY + ":v" + before, lagging);
        assertThat(hub.post(Tokens.of("admin-ops"), "/api/v1/admin/keys/" + AUTHORITY + "/destruction", "{}").status())
                .isEqualTo(409);
        jdbc.update("UPDATE report SET kek_id = ? WHERE id = ?::uuid", laggingKek, lagging);

        VerbundClient.Response destroyed = hub.post(Tokens.of("admin-ops"), "/api/v1/admin/keys/" + AUTHORITY + "/destruction", "{}");
        assertThat(destroyed.status()).as(destroyed.body()).isEqualTo(200);
        for (int v = 1; v <= before; v++) {
            assertThat(keys.version(AUTHORITY, v)).as("version " + v).isEmpty();
        }

        // everything still opens: originals in their own file and in a pack, sealed texts
        for (String id : ids) {
            VerbundClient.Response original = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id
                    + "/original?purpose=P&caseReference=AZ-1");
            assertThat(original.status()).as(id).isEqualTo(200);
            assertThat(original.body()).contains(word);
            VerbundClient.Response read = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + id
                    + "?purpose=P&caseReference=AZ-1");
            assertThat(read.json().get("text").asString()).contains(word);
        }
        VerbundClient.Response first = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/" + ids.getFirst()
                + "/versions/1?purpose=P&caseReference=AZ-1");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("text").asString()).startsWith("Einzelbericht " + word);
        assertThat(jdbc.queryForObject("SELECT kek_id FROM report_version WHERE report_id = ?::uuid", String.class,
                ids.getFirst())).isEqualTo(current);
        // an old header (as in a vault backup from before) names a version the token no longer holds
        assertThat(keys.byId(kekId(oldHead).getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action IN ('KEY_ROTATION', 'KEY_DESTRUCTION') "
                + "AND outcome = 'OK' AND recipient = ?", Long.class, AUTHORITY)).isGreaterThanOrEqualTo(2);
    }

    /** The rotation to {@code version} once finished (earlier runs' rotations are in the list too). */
    JsonNode awaitFinished(HubClient hub, int version) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            VerbundClient.Response list = hub.get(Tokens.of("admin-ops"), "/api/v1/admin/keys/rotations");
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            for (JsonNode rotation : list.json()) {
                if (rotation.get("authority").asString().equals(AUTHORITY) && rotation.get("toVersion").asInt() == version
                        && !rotation.get("finishedAt").isNull()) {
                    return rotation;
                }
            }
            assertThat(Instant.now()).as("rotation never finished").isBefore(deadline);
            FoundationTests.sleep(500);
        }
    }

    static String kekId(byte[] cms) throws java.io.IOException {
        AuthEnvelopedData data = AuthEnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms))
                .getContent());
        KEKRecipientInfo kek = KEKRecipientInfo.getInstance(RecipientInfo.getInstance(data.getRecipientInfos()
                .getObjectAt(0)).getInfo());
        return new String(kek.getKekid().getKeyIdentifier().getOctets(), StandardCharsets.US_ASCII);
    }
}
