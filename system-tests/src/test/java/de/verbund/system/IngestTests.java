package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import de.verbund.access.label.Authority;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.extract.HostileCorpus;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest pipeline through the public API, against the real services. */
@HubTest
class IngestTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    String submitterToken() {
        return Tokens.of("submitter-bka");
    }

    @Test
    void everySupportedFormatThenAcceptedSearchableAndEncrypted() throws Exception {
        for (Map.Entry<String, byte[]> file : HostileCorpus.valid().entrySet()) {
            String word = TestReports.uniqueWord();
            // make each file unique for this run, so that repeated test runs are not duplicates
            byte[] bytes = file.getKey().endsWith(".txt") ? (new String(file.getValue(), StandardCharsets.UTF_8) + " " + word)
                    .getBytes(StandardCharsets.UTF_8) : file.getValue();
            var labels = TestReports.with(TestReports.labels(), "title", "Format " + file.getKey() + " " + word);
            VerbundClient.Response r = hub.submit(submitterToken(), bytes, file.getKey(), TestReports.json(labels));
            assertThat(r.status()).as(file.getKey() + ": " + r.body()).isIn(201, 409);
            String id = r.status() == 201 ? r.json().get("id").asString() : r.json().get("existingId").asString();
            if (r.status() == 201) {
                JsonNode found = awaitSearch(word, 1);
                assertThat(found.get("hits").get(0).get("id").asString()).isEqualTo(id);
            } // 409: the same bytes came with other labels in an earlier run of this test; the stored report answers
            JsonNode read = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "?purpose=Test&caseReference=BKA-T-1").json();
            assertThat(read.get("text").asString()).as(file.getKey()).containsIgnoringCase("Ermittlungsbericht");
            Path vaultFile = vaultFile(id);
            assertThat(vaultFile).exists();
            assertThat(new String(Files.readAllBytes(vaultFile), StandardCharsets.ISO_8859_1)).as("no plaintext in the vault")
                    .doesNotContain("Ermittlungsbericht");
        }
    }

    @Test
    void germanQueryFindsInflectedAndTranscribedForms() {
        String word = TestReports.uniqueWord();
        String text = "Die Ermittlungen in der Hauptstraße ergaben, dass Ärzte beteiligt waren. " + word;
        assertThat(hub.submit(submitterToken(), text.getBytes(StandardCharsets.UTF_8), "de.txt",
                TestReports.json(TestReports.labels())).status()).isEqualTo(201);
        awaitSearch(word, 1);
        for (String query : List.of("Ermittlung " + word, "Hauptstrasse " + word, "Aerzte " + word, "ärzte " + word)) {
            assertThat(search(query).get("total").asLong()).as(query).isEqualTo(1);
        }
    }

    @Test
    void repeatedSubmissionThenExistingIdAndNothingNew() {
        byte[] file = ("Wiederholte Einreichung " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8);
        String labels = TestReports.json(TestReports.labels());
        VerbundClient.Response first = hub.submit(submitterToken(), file, "a.txt", labels);
        VerbundClient.Response second = hub.submit(submitterToken(), file, "b.txt", labels);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        // another originator submitting the same bytes gets its own report
        VerbundClient.Response other = hub.submit(Tokens.of("submitter-by"), file, "a.txt", TestReports.json(TestReports.labels()));
        assertThat(other.status()).isEqualTo(201);
    }

    @Test
    void hostileFilesThenSpecificProblemAndNothingStored() throws Exception {
        long reports = count("report");
        long outbox = count("index_outbox");
        long vaultFiles = vaultFileCount();
        Map<String, Integer> statuses = Map.of("encrypted-document", 422, "xml-entity-bomb", 422, "zip-bomb", 422,
                "corrupt-file", 422, "unsupported-type", 415);
        for (Map.Entry<String, String> hostile : HostileCorpus.expectedRejections().entrySet()) {
            if (hostile.getValue().equals("partial")) {
                continue;
            }
            VerbundClient.Response r = hub.submit(submitterToken(), HostileCorpus.hostile(hostile.getKey()), hostile.getKey(),
                    TestReports.json(TestReports.labels()));
            assertThat(r.status()).as(hostile.getKey() + " " + r.body()).isEqualTo(statuses.get(hostile.getValue()));
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isEqualTo("urn:verbund:problem:" + hostile.getValue());
        }
        VerbundClient.Response empty = hub.submit(submitterToken(), new byte[0], "leer.txt", TestReports.json(TestReports.labels()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("type").asString()).isEqualTo("urn:verbund:problem:empty-file");
        VerbundClient.Response large = hub.submit(submitterToken(), new byte[5_000_001], "gross.bin", TestReports.json(TestReports.labels()));
        assertThat(large.status()).isEqualTo(413);
        VerbundClient.Response unknownAuthority = hub.submit(submitterToken(), "x".getBytes(StandardCharsets.UTF_8), "x.txt",
                TestReports.json(TestReports.with(TestReports.labels(), "releasableTo", List.of("LKA-XY"))));
        assertThat(unknownAuthority.status()).isEqualTo(400);
        assertThat(unknownAuthority.json().get("label").asString()).isEqualTo("releasableTo");
        VerbundClient.Response missingLabel = hub.submit(submitterToken(), "x".getBytes(StandardCharsets.UTF_8), "x.txt",
                TestReports.json(TestReports.without(TestReports.labels(), "classification")));
        assertThat(missingLabel.json().get("type").asString()).isEqualTo("urn:verbund:problem:label-invalid");
        VerbundClient.Response badJson = hub.submit(submitterToken(), "x".getBytes(StandardCharsets.UTF_8), "x.txt", "{not json");
        assertThat(badJson.json().get("type").asString()).isEqualTo("urn:verbund:problem:labels-malformed");

        assertThat(count("report")).isEqualTo(reports);
        assertThat(count("index_outbox")).isEqualTo(outbox);
        assertThat(vaultFileCount()).isEqualTo(vaultFiles);
        assertThat(hub.get(null, "/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void readThenNormalisedReportWithSelectorsAndEmbeddedTree() throws Exception {
        String word = TestReports.uniqueWord();
        byte[] zip = HostileCorpus.zip(Map.of("akte/hinweis.txt", ("Hinweis " + word + ": Zahlungen an DE89 3704 0044 0532 0130 00, "
                + "Kontakt über Tel.: 030/1234567 und Täter@Phish-Mail.de von 203.0.113.7").getBytes(StandardCharsets.UTF_8)));
        VerbundClient.Response r = hub.submit(submitterToken(), zip, "akte.zip", TestReports.json(TestReports.labels()));
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("id").asString();
        JsonNode report = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "?purpose=Pruefung&caseReference=BKA-1").json();
        assertThat(report.get("selectors").toString()).contains("iban:DE89370400440532013000", "phone:+49301234567",
                "ip:203.0.113.7");
        assertThat(report.get("normalised").get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(report.get("normalised").get("documents").toString()).contains("/akte/hinweis.txt");
        assertThat(report.get("language").asString()).isEqualTo("de");
        assertThat(report.get("normalised").get("sha256").asString()).hasSize(64);
    }

    /**
     * The vault format is standard CMS: an authority holding its key opens an original with OpenSSL. The hub's keys
     * never leave the token, so this runs on a vault with the development key store, whose key can be handed over.
     */
    @Test
    void vaultFileOpensWithStandardToolsAndTheAuthorityKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] original = ("Original für OpenSSL " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8);
        var keys = KeyEncryptionKeys.open(dir.resolve("kek.p12"), "test-master-secret-not-for-production".toCharArray());
        var vault = new de.verbund.ingest.crypto.Vault(dir.resolve("vault"), keys);
        var id = de.verbund.access.policy.ReportId.random();
        vault.store(id, new Authority("BKA"), Files.write(dir.resolve("original.txt"), original));
        Path stored = dir.resolve("vault").resolve(id.toString().substring(0, 2)).resolve(id + ".p7m");
        var kek = keys.current(new Authority("BKA"));
        byte[] key = keys.secretKey(KeyEncryptionKeys.label("BKA", kek.version())).orElseThrow().getEncoded();
        Path out = Files.createTempFile("openssl-", ".txt");
        Process p = new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in", stored.toString(),
                "-secretkey", HexFormat.of().formatHex(key),
                "-secretkeyid", HexFormat.of().formatHex(kek.idBytes()), "-out", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(original);
    }

    @Test
    void detachedSignatureThenVerifiedOrRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Fallsystem BKA, O=BKA, C=DE");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)),
                name, keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        byte[] file = ("Signierter Bericht " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8);

        VerbundClient.Response valid = hub.submitSigned(submitterToken(), file, "s.txt", TestReports.json(TestReports.labels()),
                sign(file, keys, cert));
        assertThat(valid.status()).isEqualTo(201);
        JsonNode read = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + valid.json().get("id").asString()
                + "?purpose=Pruefung&caseReference=BKA-1").json();
        assertThat(read.get("signatureStatus").asString()).isEqualTo("VALID_UNTRUSTED");

        byte[] other = ("Anderer Inhalt " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8);
        VerbundClient.Response forged = hub.submitSigned(submitterToken(), other, "f.txt", TestReports.json(TestReports.labels()),
                sign(file, keys, cert));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("type").asString()).isEqualTo("urn:verbund:problem:signature-invalid");
    }

    static byte[] sign(byte[] data, KeyPair keys, X509Certificate cert) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()), cert));
        gen.addCertificates(new JcaCertStore(List.of(cert)));
        return gen.generate(new CMSProcessableByteArray(data), false).getEncoded();
    }

    JsonNode search(String query) {
        VerbundClient.Response r = hub.search(Tokens.of("analyst-bka"), Map.of("query", query, "purpose", "Test",
                "caseReference", "BKA-T-1"));
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    JsonNode awaitSearch(String word, int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = search(word);
            if (last.get("total").asLong() >= expected) {
                return last;
            }
            FoundationTests.sleep(200);
        }
        throw new AssertionError("not searchable within 20 s: " + word + " last " + last);
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    static Path vaultFile(String id) {
        return VerbundServices.testDataDir().resolve("vault").resolve(id.substring(0, 2)).resolve(id + ".p7m");
    }

    static long vaultFileCount() throws Exception {
        Path root = VerbundServices.testDataDir().resolve("vault");
        if (!Files.exists(root)) {
            return 0;
        }
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
