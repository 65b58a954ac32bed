package de.verbund.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import de.verbund.access.policy.ReportId;
import de.verbund.audit.Checkpointer;
import de.verbund.auditverify.Verify;
import de.verbund.client.VerbundClient;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.index.ReportIndex;
import de.verbund.ingest.lifecycle.Erasures;
import de.verbund.ingest.lifecycle.PackCompaction;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.KEKRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure by crypto-shredding (lifecycle issue) through the public API and against the real services: the
 * originator's approver erases a report with a reason; it is gone for everyone at once, its data key is destroyed
 * (no wrapped copy left in the vault), its sealed content, selectors and grants leave PostgreSQL, its document leaves
 * Elasticsearch; after Elasticsearch's own clean-up no file under the services' data folders holds its canary word
 * in clear — PostgreSQL never did, the text being sealed from the start. The audit trail keeps the tombstone and
 * still verifies. Reports restricted by a passed deadline and left without a decision are erased by the rule after
 * the grace period; compaction returns the vault space of erased originals.
 */
@HubTest
class ErasureTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Vault vault;

    @Autowired
    ReportIndex index;

    @Autowired
    Erasures erasures;

    @Autowired
    PackCompaction compaction;

    @Autowired
    Checkpointer checkpointer;

    @Test
    void eraseThenGoneForEveryoneKeyDestroyedAndNoCanaryLeftInAnyDataFolder() throws Exception {
        HubClient hub = new HubClient(port);
        String canary = TestReports.uniqueWord();
        String finder = TestReports.uniqueWord();
        String email = "halter-" + finder + "@loesch-beispiel.de";
        Map<String, Object> labels = TestReports.labels();
        labels.put("title", "Löschfall " + finder);
        VerbundClient.Response submitted = hub.submit(Tokens.of("submitter-bka"), ("Betrugsverdacht " + finder
                + ", Kontakt " + email + ", Stichwort " + canary + ".").getBytes(StandardCharsets.UTF_8), "bericht.txt",
                TestReports.json(labels));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        awaitTotal(hub, "analyst-by", finder, 1);
        assertThat(hits(hub, email)).isEqualTo(1);
        jdbc.update("""
                INSERT INTO access_grant (id, report_id, grantee_type, grantee, granted_by, granted_by_authority, reason,
                                          valid_until)
                VALUES (?, ?::uuid, 'AUTHORITY', 'LKA-NW', 'approver-bka', 'BKA', 'Abstimmung', now() + interval '30 days')""",
                UUID.randomUUID(), id);

        // sealed from the start: PostgreSQL holds the text only under the report's data key, Elasticsearch in clear
        byte[] sealedText = jdbc.queryForObject("SELECT text_sealed FROM report WHERE id = ?::uuid", byte[].class, id);
        assertThat(jdbc.queryForObject("SELECT text IS NULL AND normalised IS NULL FROM report WHERE id = ?::uuid",
                Boolean.class, id)).isTrue();
        assertThat(contains(sealedText, canary)).isFalse();
        // (a clear row would be in the WAL, written at commit)
        assertThat(filesContaining(pgData(), canary)).as("PostgreSQL's files before erasure").isEmpty();
        assertThat(filesContaining(esData(), canary)).as("the canary is findable in Elasticsearch's files before").isNotEmpty();
        byte[] wrappedKey = wrappedDataKey(Files.readAllBytes(IngestTests.vaultFile(id)));

        // only the originator's approvers erase; everyone else learns nothing
        assertThat(erase(hub, "analyst-bka", id, "Versuch").status()).isEqualTo(403);
        assertThat(erase(hub, "submitter-bka", id, "Versuch").status()).isEqualTo(403);
        VerbundClient.Response foreign = erase(hub, "approver-by", id, "Versuch");
        VerbundClient.Response unknown = erase(hub, "approver-by", UUID.randomUUID().toString(), "Versuch");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        VerbundClient.Response noReason = erase(hub, "approver-bka", id, " ");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.queryForObject("SELECT erased_at IS NULL FROM report WHERE id = ?::uuid", Boolean.class, id)).isTrue();

        VerbundClient.Response erased = erase(hub, "approver-bka", id, "Aussonderung nach Prüfung (§ 77 BKAG)");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().get("shredded").asBoolean()).isTrue();

        // gone for everyone at once, the originator's own analyst included
        assertThat(hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "?purpose=P&caseReference=AZ-1").status())
                .isEqualTo(404);
        assertThat(hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "/original?purpose=P&caseReference=AZ-1")
                .status()).isEqualTo(404);
        awaitTotal(hub, "analyst-bka", finder, 0);
        assertThat(total(hub, "analyst-by", finder)).isZero();
        assertThat(hits(hub, email)).isZero();
        assertThat(erase(hub, "approver-bka", id, "noch einmal").status()).isEqualTo(404);

        // the data key is destroyed: no wrapped copy is left anywhere in the vault, so the sealed text PostgreSQL (and
        // any backup of it) held opens with no key the hub holds
        assertThat(vault.dataKey(new ReportId(UUID.fromString(id)), null)).isEmpty();
        assertThat(filesContaining(VerbundServices.testDataDir().resolve("vault"), wrappedKey)).isEmpty();
        var row = jdbc.queryForMap("""
                SELECT text, text_sealed, normalised, normalised_sealed, cardinality(selectors) AS selectors, title,
                       shredded_at, erased_by, sha256 FROM report WHERE id = ?::uuid""", id);
        assertThat(row.get("text")).isNull();
        assertThat(row.get("text_sealed")).isNull();
        assertThat(row.get("normalised")).isNull();
        assertThat(row.get("normalised_sealed")).isNull();
        assertThat(row.get("selectors")).isEqualTo(0);
        assertThat(row.get("title")).isEqualTo(Erasures.ERASED_TITLE);
        assertThat(row.get("shredded_at")).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_grant WHERE report_id = ?::uuid", Long.class, id)).isZero();

        // the audit trail keeps the tombstone (who, when, why, which report, which content) and still verifies
        String sha256 = row.get("sha256").toString().trim();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_event WHERE action = 'ERASE' AND outcome = 'OK' AND ? = ANY(reports)
                AND purpose = 'Aussonderung nach Prüfung (§ 77 BKAG)' AND detail = ?""", Long.class, id, "sha256=" + sha256))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'ERASURE_COMPLETED' "
                + "AND ? = ANY(reports)", Long.class, id)).isEqualTo(1);
        checkpointer.appendAndMaybeCheckpoint(true);
        Path export = Files.createTempFile("audit-", ".jsonl");
        Files.writeString(export, hub.get(Tokens.of("oversight-bfdi"), "/api/v1/audit/export").body());
        var verified = Verify.verify(export, hub.get(null, "/api/v1/audit/public-key").body().strip(), List.of(), System.out);
        assertThat(verified.ok()).as(verified.summary()).isTrue();

        // after the services' own clean-up no file under their data folders holds the canary in clear (Elasticsearch
        // keeps a deleted document for a retention lease, renewed about every 30 s: hence the bounded wait)
        var pg = VerbundServices.endpoints();
        try (var owner = java.sql.DriverManager.getConnection(pg.pgUrl(), pg.pgOwnerUser(), pg.pgOwnerPassword());
             var vacuum = owner.createStatement()) {
            vacuum.execute("VACUUM report");
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        List<Path> left;
        do {
            FoundationTests.sleep(2000);
            index.expungeDeleted();
            left = new ArrayList<>(filesContaining(esData(), canary));
            left.addAll(filesContaining(pgData(), canary));
            left.addAll(filesContaining(VerbundServices.testDataDir(), canary));
        } while (!left.isEmpty() && Instant.now().isBefore(deadline));
        assertThat(left).as("files holding the canary after erasure and clean-up").isEmpty();
    }

    @Test
    void deadlineRestrictionWithoutDecisionThenErasedByTheRuleAfterTheGracePeriodAndAnApproversRestrictionNever() {
        HubClient hub = new HubClient(port);
        String undecided = submit(hub, "Frist ohne Entscheidung " + TestReports.uniqueWord());
        String decided = submit(hub, "Sperrung durch die Freigabe " + TestReports.uniqueWord());
        String recent = submit(hub, "Frist erst kürzlich abgelaufen " + TestReports.uniqueWord());
        jdbc.update("""
                UPDATE report SET review_by = current_date - 100, restricted_at = now() - interval '91 days',
                       restricted_by = 'review-deadline', restricted_reason = 'Prüffrist abgelaufen' WHERE id = ?::uuid""",
                undecided);
        jdbc.update("""
                UPDATE report SET restricted_at = now() - interval '91 days', restricted_by = 'approver-bka',
                       restricted_reason = 'Beweismittel' WHERE id = ?::uuid""", decided);
        jdbc.update("""
                UPDATE report SET review_by = current_date - 20, restricted_at = now() - interval '19 days',
                       restricted_by = 'review-deadline', restricted_reason = 'Prüffrist abgelaufen' WHERE id = ?::uuid""",
                recent);

        assertThat(erasures.eraseAfterGrace()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT erased_by FROM report WHERE id = ?::uuid", String.class, undecided))
                .isEqualTo(Erasures.GRACE_RULE);
        assertThat(jdbc.queryForObject("SELECT shredded_at IS NOT NULL FROM report WHERE id = ?::uuid", Boolean.class,
                undecided)).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'ERASE' AND rule = "
                + "'REVIEW_GRACE_PERIOD_PASSED' AND ? = ANY(reports)", Long.class, undecided)).isEqualTo(1);
        for (String kept : List.of(decided, recent)) {
            assertThat(jdbc.queryForObject("SELECT erased_at IS NULL FROM report WHERE id = ?::uuid", Boolean.class, kept))
                    .as(kept).isTrue();
        }
        assertThat(hub.get(Tokens.of("approver-bka"), "/api/v1/reviews").body()).doesNotContain(undecided).contains(decided);
        assertThat(hub.get(Tokens.of("approver-bka"), "/api/v1/reviews/notices").body())
                .contains("\"reportId\":\"" + undecided + "\"", "ERASED_AFTER_GRACE");
    }

    @Test
    void compactionReturnsTheVaultSpaceOfErasedOriginalsAndTheOthersStillOpen() throws Exception {
        HubClient hub = new HubClient(port);
        List<VerbundClient.File> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(new VerbundClient.File("teil-" + i + ".txt", ("Sammelbericht Teil " + i + " "
                    + TestReports.uniqueWord() + " " + "x".repeat(20_000)).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> ids = hub.submitBatch(Tokens.of("submitter-bka"), files, TestReports.json(TestReports.labels()));
        assertThat(ids).hasSize(3);
        String location = jdbc.queryForObject("SELECT vault_location FROM report WHERE id = ?::uuid", String.class, ids.get(2));
        String pack = location.split(":")[1];
        Path packFile = VerbundServices.testDataDir().resolve("vault").resolve("packs").resolve(pack);
        byte[] erasedBlob = region(packFile, jdbc.queryForObject("SELECT vault_location FROM report WHERE id = ?::uuid",
                String.class, ids.get(0)));
        vault.packs().rollOver();

        for (String id : ids.subList(0, 2)) {
            assertThat(erase(hub, "approver-bka", id, "Doppelt erfasst").status()).isEqualTo(200);
        }
        PackCompaction.Compacted done = compaction.compact(0, 0.75);

        assertThat(done.packs()).isGreaterThanOrEqualTo(1);
        assertThat(packFile).doesNotExist();
        String moved = jdbc.queryForObject("SELECT vault_location FROM report WHERE id = ?::uuid", String.class, ids.get(2));
        assertThat(moved).isNotEqualTo(location);
        VerbundClient.Response original = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + ids.get(2)
                + "/original?purpose=P&caseReference=AZ-1");
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.body()).startsWith("Sammelbericht Teil 2 ");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE id = ANY(?::uuid[]) AND vault_location IS NOT NULL",
                Long.class, (Object) ids.subList(0, 2).toArray(String[]::new))).isZero();
        assertThat(filesContaining(VerbundServices.testDataDir().resolve("vault"), java.util.Arrays.copyOf(erasedBlob, 256)))
                .isEmpty();
    }

    String submit(HubClient hub, String text) {
        VerbundClient.Response r = hub.submit(Tokens.of("submitter-bka"), text.getBytes(StandardCharsets.UTF_8), "frist.txt",
                TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static VerbundClient.Response erase(HubClient hub, String user, String id, String reason) {
        return hub.post(Tokens.of(user), "/api/v1/reports/" + id + "/erasure",
                VerbundClient.JSON.writeValueAsString(Map.of("reason", reason)));
    }

    static long total(HubClient hub, String user, String word) {
        VerbundClient.Response r = hub.search(Tokens.of(user), Map.of("query", word, "purpose", "Abgleich",
                "caseReference", "AZ-" + user, "size", 10));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("total").asLong();
    }

    static void awaitTotal(HubClient hub, String user, String word, long expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (total(hub, user, word) != expected) {
            assertThat(Instant.now()).as("search of " + user + " never reached " + expected).isBefore(deadline);
            FoundationTests.sleep(200);
        }
    }

    static long hits(HubClient hub, String email) {
        VerbundClient.Response r = hub.post(Tokens.of("analyst-by"), "/api/v1/selectors/check",
                VerbundClient.JSON.writeValueAsString(Map.of("selectors", List.of(Map.of("type", "email", "value", email)),
                        "purpose", "Abgleich", "caseReference", "AZ-by")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("results").get(0).get("hits").size();
    }

    /** The data key as wrapped in the original's CMS header (the KEKRecipientInfo's encryptedKey). */
    static byte[] wrappedDataKey(byte[] cms) throws IOException {
        AuthEnvelopedData data = AuthEnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms))
                .getContent());
        KEKRecipientInfo kek = KEKRecipientInfo.getInstance(RecipientInfo.getInstance(data.getRecipientInfos()
                .getObjectAt(0)).getInfo());
        return kek.getEncryptedKey().getOctets();
    }

    static byte[] region(Path pack, String location) throws IOException {
        String[] p = location.split(":");
        byte[] all = Files.readAllBytes(pack);
        int offset = Integer.parseInt(p[2]);
        return java.util.Arrays.copyOfRange(all, offset, offset + Integer.parseInt(p[3]));
    }

    /**
     * The services' data folders in their work folder: {@code VERBUND_WORK} as deploy/local exports it (the services
     * the tests run against), else the checkout's {@code .work}; missing means no services ran there.
     */
    static Path pgData() {
        return existing(workFolder().resolve("pg").resolve("data"));
    }

    static Path esData() {
        return existing(workFolder().resolve("es").resolve("data"));
    }

    private static Path workFolder() {
        String work = System.getenv("VERBUND_WORK");
        return work == null || work.isBlank() ? Path.of("..", ".work") : Path.of(work);
    }

    static Path existing(Path folder) {
        assertThat(folder).as("the services' data folder (deploy/local/services.sh)").isDirectory();
        return folder.toAbsolutePath().normalize();
    }

    static List<Path> filesContaining(Path root, String word) throws IOException {
        return filesContaining(root, word.getBytes(StandardCharsets.UTF_8));
    }

    static List<Path> filesContaining(Path root, byte[] needle) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (var walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                try {
                    if (contains(Files.readAllBytes(file), needle)) {
                        found.add(file);
                    }
                } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
                    // removed while walking (a merge, a WAL segment), or a socket/lock file
                }
            }
        }
        return found;
    }

    static boolean contains(byte[] haystack, String word) {
        return contains(haystack, word.getBytes(StandardCharsets.UTF_8));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
