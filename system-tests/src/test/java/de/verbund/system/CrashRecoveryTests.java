package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability (docs/brief.md "Architecture"): a hub process is killed ({@code Runtime.halt}) at each step of a submission
 * and of indexing, and once runs with Elasticsearch unreachable. A fresh hub process then recovers; afterwards
 * vault, database and index agree: nothing acknowledged is lost, nothing is duplicated, nothing orphaned remains.
 */
@ExtendWith(VerbundServices.class)
class CrashRecoveryTests {

    /** One set of labels for every submission of this run: a re-submission with other labels would be a 409. */
    static final String LABELS = TestReports.json(TestReports.labels());

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ServiceEndpoints services = VerbundServices.endpoints();

    @Test
    void killedAtEveryStepThenNothingLostNothingDuplicated() throws Exception {
        String w1 = TestReports.uniqueWord(), w2 = TestReports.uniqueWord(), w3 = TestReports.uniqueWord(),
                w4 = TestReports.uniqueWord();
        byte[] f1 = ("Absturz nach dem Tresor " + w1).getBytes(StandardCharsets.UTF_8);
        byte[] f2 = ("Absturz nach dem Commit " + w2).getBytes(StandardCharsets.UTF_8);
        byte[] f3 = ("Absturz nach dem Bulk-Request " + w3).getBytes(StandardCharsets.UTF_8);
        byte[] f4 = ("Elasticsearch nicht erreichbar " + w4).getBytes(StandardCharsets.UTF_8);

        // 0. a normal hub first drains whatever earlier runs left pending, so that step 3 crashes on its own report
        Hub.start("", Map.of()).stopAfter(() -> awaitTrue(() -> pendingOutboxTotal() == 0, "outbox empty"));
        long vaultAtStart = IngestTests.vaultFileCount();

        // 3. crash after Elasticsearch took the bulk request, before the outbox row was marked done
        Hub c = Hub.start("after-bulk-index", Map.of());
        VerbundClient.Response r3 = c.client().submit(Tokens.of("submitter-bka"), f3, "f3.txt", LABELS);
        assertThat(r3.status()).isEqualTo(201);
        String id3 = r3.json().get("id").asString();
        assertThat(c.awaitExit()).isEqualTo(137);
        assertThat(pendingOutbox(id3)).isEqualTo(1);
        assertThat(esCount(id3)).isEqualTo(1);

        // 1. crash after the encrypted original is durable, before the database commit: never acknowledged
        Hub a = Hub.start("after-vault-write", Map.of());
        assertThat(a.submitExpectingCrash(f1)).isNull();
        assertThat(a.awaitExit()).isEqualTo(137);
        assertThat(rowBySha(f1)).isNull();
        assertThat(IngestTests.vaultFileCount()).isEqualTo(vaultAtStart + 2);

        // 2. crash after the commit, before the answer: durable, but the submitter saw no id
        Hub b = Hub.start("after-commit", Map.of());
        assertThat(b.submitExpectingCrash(f2)).isNull();
        assertThat(b.awaitExit()).isEqualTo(137);
        String id2 = rowBySha(f2);
        assertThat(id2).isNotNull();
        assertThat(pendingOutbox(id2)).isEqualTo(1);

        // 4. Elasticsearch unreachable: submissions are still accepted and wait in the outbox
        Hub d = Hub.start("", Map.of("verbund.elasticsearch.url", "http://127.0.0.1:9"));
        VerbundClient.Response r4 = d.client().submit(Tokens.of("submitter-bka"), f4, "f4.txt", LABELS);
        assertThat(r4.status()).isEqualTo(201);
        String id4 = r4.json().get("id").asString();
        d.stop();
        assertThat(pendingOutbox(id4)).isEqualTo(1);

        // recovery: a normal hub removes the orphan, drains the outbox, and answers re-submissions correctly
        Hub n = Hub.start("", Map.of());
        try {
            awaitTrue(() -> vaultFiles() == vaultAtStart + 3, "orphaned vault file removed");
            awaitTrue(() -> pendingOutbox(id2) == 0 && pendingOutbox(id3) == 0 && pendingOutbox(id4) == 0, "outbox drained");
            VerbundClient.Response again1 = n.client().submit(Tokens.of("submitter-bka"), f1, "f1.txt", LABELS);
            assertThat(again1.status()).isEqualTo(201);
            VerbundClient.Response again2 = n.client().submit(Tokens.of("submitter-bka"), f2, "f2.txt", LABELS);
            assertThat(again2.status()).isEqualTo(200);
            assertThat(again2.json().get("id").asString()).isEqualTo(id2);
            String id1 = again1.json().get("id").asString();
            awaitTrue(() -> esCount(id1) == 1, "re-submitted report indexed");
            for (String word : List.of(w1, w2, w3, w4)) {
                awaitTrue(() -> n.searchTotal(word) == 1, "exactly one hit for " + word);
            }
            for (String id : List.of(id1, id2, id3, id4)) {
                assertThat(esCount(id)).as(id).isEqualTo(1);
                assertThat(Files.exists(IngestTests.vaultFile(id))).as("vault " + id).isTrue();
            }
            assertThat(IngestTests.vaultFileCount()).isEqualTo(vaultAtStart + 4);
        } finally {
            n.stop();
        }
    }

    /**
     * Erasure killed after the mark (the key not yet destroyed) and after the key was destroyed (the row not yet
     * cleared): neither report is consulted by anyone meanwhile, and a fresh hub completes both — key gone, content
     * and selectors removed, index entry deleted — and answers a repeated erasure with 404.
     */
    @Test
    void erasureKilledAtEveryStepThenCompletedAndNothingHalfErasedStaysSearchable() throws Exception {
        String w1 = TestReports.uniqueWord(), w2 = TestReports.uniqueWord();
        // (their own sweep must not pick up the other report's pending erasure first)
        Map<String, String> noSweep = Map.of("verbund.lifecycle.erasure-sweep-initial-ms", "600000");
        Hub a = Hub.start("after-erasure-mark", noSweep);
        String id1 = a.submitAndAwaitIndexed(("Löschung nach der Markierung " + w1).getBytes(StandardCharsets.UTF_8));
        assertThat(a.eraseExpectingCrash(id1)).isNull();
        assertThat(a.awaitExit()).isEqualTo(137);
        assertThat(Files.exists(IngestTests.vaultFile(id1))).as("key not yet destroyed").isTrue();
        assertThat(erasureState(id1)).isEqualTo("marked");

        Hub b = Hub.start("after-key-destroyed", noSweep);
        String id2 = b.submitAndAwaitIndexed(("Löschung nach dem Schlüssel " + w2).getBytes(StandardCharsets.UTF_8));
        assertThat(b.eraseExpectingCrash(id2)).isNull();
        assertThat(b.awaitExit()).isEqualTo(137);
        assertThat(Files.exists(IngestTests.vaultFile(id2))).as("key destroyed").isFalse();
        assertThat(erasureState(id2)).isEqualTo("marked");

        Hub n = Hub.start("", Map.of("verbund.lifecycle.erasure-sweep-initial-ms", "500"));
        try {
            for (String id : List.of(id1, id2)) {
                assertThat(n.client().get(Tokens.of("analyst-bka"), "/api/v1/reports/" + id + "?purpose=P&caseReference=AZ")
                        .status()).as(id).isEqualTo(404);
                awaitTrue(() -> "shredded".equals(erasureState(id)), "erasure of " + id + " completed");
                awaitTrue(() -> esCount(id) == 0 && pendingOutbox(id) == 0, "index entry of " + id + " deleted");
                assertThat(Files.exists(IngestTests.vaultFile(id))).as("vault " + id).isFalse();
                assertThat(n.erase(id).status()).isEqualTo(404);
            }
            for (String word : List.of(w1, w2)) {
                assertThat(n.searchTotal(word)).as(word).isZero();
            }
        } finally {
            n.stop();
        }
    }

    /**
     * Key rotation killed in the middle of a batch (an original re-wrapped in the vault, the batch's rows not yet
     * committed): a fresh hub resumes it, finishes it, and every original of the authority opens with the new version.
     */
    @Test
    void rotationKilledMidBatchThenResumedAndEveryOriginalOpens() throws Exception {
        Hub a = Hub.start("after-rewrap", Map.of("verbund.lifecycle.rotation-initial-ms", "600000"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            VerbundClient.Response r = a.client().submit(Tokens.of("submitter-by"), ("Schlüsselwechsel " + i + " "
                    + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8), "rotation.txt", LABELS);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            ids.add(r.json().get("id").asString());
        }
        VerbundClient.Response started = a.client().post(Tokens.of("admin-ops"), "/api/v1/admin/keys/LKA-BY/rotation", "{}");
        int toVersion;
        if (started.status() == 409) { // an earlier run's rotation is still open: this hub crashes while resuming it
            toVersion = -1;
        } else {
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            toVersion = started.json().get("toVersion").asInt();
        }
        // the rotation runs in the background: triggered here through the sweep of a hub that starts it at once
        a.stop();
        Hub b = Hub.launchExpectingCrash("after-rewrap", Map.of("verbund.lifecycle.rotation-initial-ms", "200"));
        assertThat(b.awaitExit()).isEqualTo(137);
        assertThat(openRotations("LKA-BY")).isEqualTo(1);

        Hub n = Hub.start("", Map.of("verbund.lifecycle.rotation-initial-ms", "200"));
        try {
            awaitTrue(() -> openRotations("LKA-BY") == 0, "rotation resumed and finished");
            String current = currentKek("LKA-BY");
            assertThat(toVersion < 0 || current.endsWith(":v" + toVersion)).as(current).isTrue();
            for (String id : ids) {
                assertThat(kekOf(id)).isEqualTo(current);
                VerbundClient.Response original = n.client().get(Tokens.of("analyst-by"), "/api/v1/reports/" + id
                        + "/original?purpose=P&caseReference=AZ-1");
                assertThat(original.status()).as(id).isEqualTo(200);
                assertThat(original.body()).startsWith("Schlüsselwechsel ");
            }
        } finally {
            n.stop();
        }
    }

    long openRotations(String authority) {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM key_rotation WHERE authority = ? AND finished_at IS NULL")) {
            ps.setString(1, authority);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String currentKek(String authority) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(to_version) FROM key_rotation WHERE authority = ?")) {
            ps.setString(1, authority);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "verbund:kek:" + authority + ":v" + rs.getInt(1);
            }
        }
    }

    String kekOf(String id) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT kek_id FROM report WHERE id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** {@code live}, {@code marked} (erased, key or content not yet gone) or {@code shredded}. */
    String erasureState(String id) {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                SELECT CASE WHEN erased_at IS NULL THEN 'live'
                            WHEN shredded_at IS NULL THEN 'marked'
                            WHEN text_sealed IS NULL AND normalised_sealed IS NULL AND cardinality(selectors) = 0
                                 THEN 'shredded' ELSE 'inconsistent' END
                FROM report WHERE id = ?::uuid""")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long vaultFiles() {
        try {
            return IngestTests.vaultFileCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String rowBySha(byte[] content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT id FROM report WHERE sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long pendingOutboxTotal() {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM index_outbox WHERE done_at IS NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long pendingOutbox(String id) {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM index_outbox WHERE report_id = ?::uuid AND done_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long esCount(String id) {
        String auth = Base64.getEncoder().encodeToString((services.esAdminUser() + ":" + services.esAdminPassword())
                .getBytes(StandardCharsets.UTF_8));
        try {
            http.send(HttpRequest.newBuilder(URI.create(services.esUrl() + "/" + VerbundServices.TEST_INDEX + "/_refresh"))
                    .header("Authorization", "Basic " + auth).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(services.esUrl() + "/"
                            + VerbundServices.TEST_INDEX + "/_count?q=_id:" + id))
                    .header("Authorization", "Basic " + auth).GET().build(), HttpResponse.BodyHandlers.ofString());
            return VerbundClient.JSON.readTree(r.body()).get("count").asLong();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection db() throws Exception {
        return DriverManager.getConnection(services.pgUrl(), services.pgOwnerUser(), services.pgOwnerPassword());
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            FoundationTests.sleep(250);
        }
        throw new AssertionError("not within 30 s: " + what);
    }

    /** A hub in its own JVM, with the test run's settings. */
    record Hub(Process process, int port, String name) {

        static Hub start(String crashAt, Map<String, String> overrides) throws Exception {
            Hub hub = launch(crashAt, overrides);
            Path log = Path.of("target", "crash-test-" + hub.name() + ".log");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                if (!hub.process().isAlive()) {
                    throw new AssertionError("hub " + hub.name() + " died at start, see " + log);
                }
                try {
                    if (hub.client().get(null, "/actuator/health").status() == 200) {
                        return hub;
                    }
                } catch (java.io.UncheckedIOException e) {
                    // not listening yet
                }
                Thread.sleep(300);
            }
            hub.process().destroyForcibly();
            throw new AssertionError("hub " + hub.name() + " did not start within 90 s, see " + log);
        }

        /** A hub process that is expected to crash on its own (a background step), perhaps before it is ready. */
        static Hub launchExpectingCrash(String crashAt, Map<String, String> overrides) throws Exception {
            return launch(crashAt, overrides);
        }

        private static Hub launch(String crashAt, Map<String, String> overrides) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path")));
            for (String key : System.getProperties().stringPropertyNames()) {
                if ((key.startsWith("verbund.") || key.startsWith("spring.")) && !overrides.containsKey(key)) {
                    cmd.add("-D" + key + "=" + System.getProperty(key));
                }
            }
            overrides.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-Dserver.port=" + port, "-Dserver.address=127.0.0.1", "-Dverbund.test.crash-at=" + crashAt,
                    "-Dverbund.vault.orphan-grace=0s", "-Dverbund.index.outbox-poll=100ms", "-Dverbund.extract.warm-up-parses=0",
                    "de.verbund.hub.VerbundApplication"));
            String name = crashAt.isEmpty() ? "normal-" + port : crashAt;
            Path log = Path.of("target", "crash-test-" + name + ".log");
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Hub(process, port, name);
        }

        HubClient client() {
            return new HubClient(port);
        }

        /** Submits and expects the process to die before answering; returns the status if it answered anyway. */
        Integer submitExpectingCrash(byte[] file) {
            try {
                return client().submit(Tokens.of("submitter-bka"), file, "crash.txt", LABELS).status();
            } catch (java.io.UncheckedIOException e) {
                // the connection died with the process
                return null;
            }
        }

        /** Submits a single file (its own vault file) and waits until it is searchable. */
        String submitAndAwaitIndexed(byte[] file) {
            VerbundClient.Response r = client().submit(Tokens.of("submitter-bka"), file, "loeschung.txt", LABELS);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().get("id").asString();
            String word = new String(file, StandardCharsets.UTF_8).substring(new String(file, StandardCharsets.UTF_8)
                    .lastIndexOf(' ') + 1);
            awaitTrue(() -> searchTotal(word) == 1, "report " + id + " searchable");
            return id;
        }

        VerbundClient.Response erase(String id) {
            return client().post(Tokens.of("approver-bka"), "/api/v1/reports/" + id + "/erasure",
                    VerbundClient.JSON.writeValueAsString(Map.of("reason", "Absturztest")));
        }

        /** Erases and expects the process to die before answering; returns the status if it answered anyway. */
        Integer eraseExpectingCrash(String id) {
            try {
                return erase(id).status();
            } catch (java.io.UncheckedIOException e) {
                return null;
            }
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("hub " + name + " did not crash at its step");
            }
            return process.exitValue();
        }

        long searchTotal(String word) {
            VerbundClient.Response r = client().search(Tokens.of("analyst-bka"), Map.of("query", word, "purpose", "Test",
                    "caseReference", "BKA-T-1"));
            return r.json().get("total").asLong();
        }

        void stopAfter(Runnable check) throws InterruptedException {
            try {
                check.run();
            } finally {
                stop();
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
